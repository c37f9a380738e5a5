#pragma once
// The slash command's fast path: reads a Socket Mode frame carrying a slash command into an
// Envelope without building a JSON DOM (the full parse was a third of a read-only command's
// cost, bench/README.md). It reads only the shape Slack sends, a flat object whose payload is
// a flat object with the fields a command reads as strings, and declines (nullopt) anything
// else: other envelope types, nesting, numbers other than small integers, a command field
// that is not a string, lone surrogate escapes, invalid UTF-8, a second payload.
// parse_frame then parses the frame in full, so what a frame means never depends on the path
// (tests/fuzz/fuzz_envelope_scanner.cpp checks that the two agree). Pure, no I/O.

#include "bot/slack/envelope.hpp"

#include <optional>
#include <string_view>

namespace ritualbot::bot::slack {

std::optional<Envelope> scan_slash_command(std::string_view text);

}  // namespace ritualbot::bot::slack
