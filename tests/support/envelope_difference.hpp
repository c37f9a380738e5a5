#pragma once

// The first field in which two envelopes differ, or empty when they are the same: how the
// scanner's envelope is checked against the full parse's (unit tests and the fuzz target).

#include "bot/slack/envelope.hpp"

#include <string>

namespace ritualbot::test {

inline std::string envelope_difference(const bot::slack::Envelope& a,
                                       const bot::slack::Envelope& b) {
    if (a.type != b.type) return "type";
    if (a.type_name != b.type_name) return "type_name";
    if (a.envelope_id != b.envelope_id) return "envelope_id";
    if (a.payload != b.payload) return "payload";
    if (a.accepts_response_payload != b.accepts_response_payload) return "accepts_response_payload";
    if (a.retry_attempt != b.retry_attempt) return "retry_attempt";
    if (a.retry_reason != b.retry_reason) return "retry_reason";
    if (a.disconnect_reason != b.disconnect_reason) return "disconnect_reason";
    if (a.num_connections != b.num_connections) return "num_connections";
    if (a.command.command != b.command.command) return "command.command";
    if (a.command.text != b.command.text) return "command.text";
    if (a.command.channel_id != b.command.channel_id) return "command.channel_id";
    if (a.command.user_id != b.command.user_id) return "command.user_id";
    if (a.command.team_id != b.command.team_id) return "command.team_id";
    if (a.command.trigger_id != b.command.trigger_id) return "command.trigger_id";
    return {};
}

}  // namespace ritualbot::test
