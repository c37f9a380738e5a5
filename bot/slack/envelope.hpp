#pragma once
// Socket Mode frames: parsing the text frames Slack sends and building the acks we send back.
// Pure functions, no I/O; the one place that knows the envelope's wire shape.

#include "commands/request.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace ritualbot::bot::slack {

enum class EnvelopeType { hello, disconnect, events_api, slash_commands, interactive, unknown };

struct Envelope {
    EnvelopeType type = EnvelopeType::unknown;
    std::string type_name;    // as sent, for logs ("events_api", "foo" for unknown types)
    std::string envelope_id;  // empty for hello/disconnect
    nlohmann::json payload;   // the normal HTTP payload, parsed; null for a slash command
    commands::Request command;  // slash_commands only: its payload's fields a command reads
    bool accepts_response_payload = false;
    int retry_attempt = 0;
    std::string retry_reason;
    std::string disconnect_reason;  // disconnect only
    int num_connections = 0;        // hello only
    bool needs_ack() const { return !envelope_id.empty(); }
};

struct ParsedFrame {
    std::optional<Envelope> envelope;
    std::string error;  // set when envelope is empty: why the frame was not understood
};

// Slash commands are read by scan_slash_command (envelope_scanner.hpp) when it can, anything
// else by parse_frame_in_full; both give the same Envelope for the same frame.
ParsedFrame parse_frame(std::string_view text);
ParsedFrame parse_frame_in_full(std::string_view text);

// Acks are sent as one unfragmented text frame; Slack drops acks of 20 KiB or more.
inline constexpr std::size_t kMaxAckBytes = 20 * 1024 - 1;

// `{"envelope_id": id}` or, with a payload, `{"envelope_id": id, "payload": {...}}`.
std::string make_ack(std::string_view envelope_id, const nlohmann::json& payload = nullptr);

}  // namespace ritualbot::bot::slack
