#include "bot/slack/envelope.hpp"

#include "bot/slack/envelope_scanner.hpp"
#include "bot/slack/json_writer.hpp"
#include "bot/slack/payload_fields.hpp"

namespace ritualbot::bot::slack {
namespace {

EnvelopeType type_from_name(const std::string& name) {
    if (name == "hello") return EnvelopeType::hello;
    if (name == "disconnect") return EnvelopeType::disconnect;
    if (name == "events_api") return EnvelopeType::events_api;
    if (name == "slash_commands") return EnvelopeType::slash_commands;
    if (name == "interactive") return EnvelopeType::interactive;
    return EnvelopeType::unknown;
}

commands::Request request_from_slash_command(const nlohmann::json& payload) {
    return {string_at(payload, "command"), string_at(payload, "text"),
            string_at(payload, "channel_id"), string_at(payload, "user_id"),
            string_at(payload, "team_id"), string_at(payload, "trigger_id")};
}

}  // namespace

ParsedFrame parse_frame(std::string_view text) {
    if (auto envelope = scan_slash_command(text)) return {std::move(*envelope), {}};
    return parse_frame_in_full(text);
}

ParsedFrame parse_frame_in_full(std::string_view text) {
    nlohmann::json frame = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (frame.is_discarded()) return {std::nullopt, "frame is not valid JSON"};
    if (!frame.is_object()) return {std::nullopt, "frame is not a JSON object"};

    Envelope envelope;
    envelope.type_name = string_at(frame, "type");
    if (envelope.type_name.empty()) return {std::nullopt, "frame has no \"type\""};
    envelope.type = type_from_name(envelope.type_name);
    envelope.envelope_id = string_at(frame, "envelope_id");

    if (auto it = frame.find("payload"); it != frame.end()) envelope.payload = std::move(*it);
    if (auto it = frame.find("accepts_response_payload"); it != frame.end() && it->is_boolean())
        envelope.accepts_response_payload = it->get<bool>();
    if (auto it = frame.find("retry_attempt"); it != frame.end() && it->is_number_integer())
        envelope.retry_attempt = it->get<int>();
    envelope.retry_reason = string_at(frame, "retry_reason");
    envelope.disconnect_reason = string_at(frame, "reason");
    if (auto it = frame.find("num_connections"); it != frame.end() && it->is_number_integer())
        envelope.num_connections = it->get<int>();

    const bool deliverable = envelope.type == EnvelopeType::events_api ||
                             envelope.type == EnvelopeType::slash_commands ||
                             envelope.type == EnvelopeType::interactive;
    if (deliverable && envelope.envelope_id.empty())
        return {std::nullopt, envelope.type_name + " frame has no envelope_id"};
    if (deliverable && !envelope.payload.is_object())
        return {std::nullopt, envelope.type_name + " frame has no payload object"};
    if (envelope.type == EnvelopeType::slash_commands) {
        envelope.command = request_from_slash_command(envelope.payload);
        envelope.payload = nullptr;
    }
    return {std::move(envelope), {}};
}

std::string make_ack(std::string_view envelope_id, const nlohmann::json& payload) {
    std::string ack = "{\"envelope_id\":";
    append_json(ack, std::string(envelope_id));
    if (!payload.is_null()) {
        ack += ",\"payload\":";
        append_json(ack, payload);
    }
    ack += '}';
    return ack;
}

}  // namespace ritualbot::bot::slack
