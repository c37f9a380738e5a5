#pragma once
// Reading fields out of Slack payloads, where any field may be missing or of another type
// than documented: such a field reads as an empty string instead of throwing.

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace ritualbot::bot::slack {

inline std::string string_at(const nlohmann::json& object, std::string_view key) {
    if (!object.is_object()) return {};
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

inline std::string string_at(const nlohmann::json& object,
                             const nlohmann::json::json_pointer& path) {
    try {
        return object.contains(path) && object.at(path).is_string()
                   ? object.at(path).get<std::string>()
                   : std::string();
    } catch (const nlohmann::json::exception&) {  // a path through an array by name
        return {};
    }
}

// The channel an interactive payload came from: a message's channel, or its container's.
inline std::string channel_of(const nlohmann::json& payload) {
    std::string channel = string_at(payload, nlohmann::json::json_pointer("/channel/id"));
    return channel.empty() ? string_at(payload, nlohmann::json::json_pointer("/container/channel_id"))
                           : channel;
}

}  // namespace ritualbot::bot::slack
