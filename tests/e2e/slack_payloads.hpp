#pragma once
// Events and interactive envelopes as Slack sends them over Socket Mode, for pushing through the fake.

#include <nlohmann/json.hpp>

#include <string>

namespace ritualbot::testing {

// An app_mention event ("<@U0BOT> text") by Alice in a thread of `channel`.
inline nlohmann::json mention(const std::string& text, const std::string& thread_ts,
                              const std::string& channel = "C0CREW") {
    return {{"type", "app_mention"}, {"user", "U0ALICE"},       {"text", "<@U0BOT> " + text},
            {"ts", thread_ts},       {"thread_ts", thread_ts},   {"channel", channel},
            {"event_ts", thread_ts}};
}

// A click on a message button (`block_actions`) in `channel`.
inline nlohmann::json button_click(const std::string& channel, const std::string& user,
                                   const std::string& action_id, const std::string& value,
                                   const std::string& action_ts,
                                   const std::string& trigger_id = {}) {
    return {{"type", "interactive"},
            {"accepts_response_payload", false},
            {"payload",
             {{"type", "block_actions"},
              {"user", {{"id", user}, {"username", user}, {"team_id", "T0FAKE"}}},
              {"team", {{"id", "T0FAKE"}}},
              {"channel", {{"id", channel}, {"name", channel}}},
              {"container", {{"type", "message"}, {"channel_id", channel}}},
              {"trigger_id", trigger_id.empty() ? "trigger-" + user : trigger_id},
              {"actions",
               {{{"action_id", action_id},
                 {"block_id", "b"},
                 {"type", "button"},
                 {"value", value},
                 {"action_ts", action_ts}}}}}}};
}

}  // namespace ritualbot::testing
