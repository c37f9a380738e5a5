#pragma once
// Reading fields out of Slack payloads, where any field may be missing or of another type
// than documented: such a field reads as absent (or an empty string) instead of throwing.
// Nested fields are named by JSON pointer ("/view/state/values"), top-level ones by key.
// Also the one answer a submitted form gets.

#include "bot/slack/event_router.hpp"

#include <nlohmann/json.hpp>

#include <initializer_list>
#include <map>
#include <string>
#include <string_view>

namespace ritualbot::bot::slack {

// The value at path, or nullptr when any step is missing or not an object/array.
inline const nlohmann::json* find_at(const nlohmann::json& object,
                                     const nlohmann::json::json_pointer& path) {
    try {
        return object.contains(path) ? &object.at(path) : nullptr;
    } catch (const nlohmann::json::exception&) {  // a path through an array by name
        return nullptr;
    }
}

inline std::string string_at(const nlohmann::json& object, std::string_view key) {
    if (!object.is_object()) return {};
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

inline std::string string_at(const nlohmann::json& object,
                             const nlohmann::json::json_pointer& path) {
    const nlohmann::json* value = find_at(object, path);
    return value != nullptr && value->is_string() ? value->get<std::string>() : std::string();
}

// Where a submitted modal keeps an input's value: view.state.values[block][action], then the
// element's own field ({"value"}, {"selected_user"}, {"selected_option", "value"}, …).
inline nlohmann::json::json_pointer input_path(std::string_view block, std::string_view action,
                                               std::initializer_list<std::string_view> field) {
    nlohmann::json::json_pointer path("/view/state/values");
    path /= std::string(block);
    path /= std::string(action);
    for (std::string_view part : field) path /= std::string(part);
    return path;
}

inline std::string input_value(const nlohmann::json& payload, std::string_view block,
                               std::string_view action,
                               std::initializer_list<std::string_view> field) {
    return string_at(payload, input_path(block, action, field));
}

// The channel an interactive payload came from: a message's channel, or its container's.
inline std::string channel_of(const nlohmann::json& payload) {
    std::string channel = string_at(payload, nlohmann::json::json_pointer("/channel/id"));
    return channel.empty()
               ? string_at(payload, nlohmann::json::json_pointer("/container/channel_id"))
               : channel;
}

// Slack's permalink of a message, as chat.getPermalink answers it for a workspace on its own
// domain: https://DOMAIN.slack.com/archives/CHANNEL/pTS with the dot of the ts taken out.
// Built here rather than asked for, so the shortcut opens its form within the trigger's 3 s.
inline std::string permalink_of(const nlohmann::json& payload) {
    const std::string domain = string_at(payload, nlohmann::json::json_pointer("/team/domain"));
    const std::string channel = channel_of(payload);
    std::string ts = string_at(payload, "message_ts");
    if (ts.empty()) ts = string_at(payload, nlohmann::json::json_pointer("/message/ts"));
    if (domain.empty() || channel.empty() || ts.empty()) return {};
    std::erase(ts, '.');
    return "https://" + domain + ".slack.com/archives/" + channel + "/p" + ts;
}

// The ack that keeps a modal open with each message under its field (block_id -> message).
inline nlohmann::json form_errors_ack(const std::map<std::string, std::string>& errors) {
    return {{"response_action", "errors"}, {"errors", errors}};
}

// A submitted form's result: its field errors as the ack that keeps the modal open, or its
// effects (none when refused; a bare ack closes the modal).
inline HandlerResult form_result(commands::FormOutcome outcome) {
    HandlerResult result;
    if (!outcome.errors.empty()) result.ack_payload = form_errors_ack(outcome.errors);
    result.effects = std::move(outcome.effects);
    return result;
}

}  // namespace ritualbot::bot::slack
