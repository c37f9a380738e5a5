#pragma once
// The small builders every ritual answers with: a plain-text reply (private or to the channel)
// a user mention and a count as people read it. Pure functions.

#include <cstdint>
#include <string>
#include <string_view>

#include "commands/request.hpp"

namespace ritualbot::commands {

// Ephemeral reply with plain text (no usage): for refusals and "nothing changed" answers.
Reply ephemeral_reply(std::string text);
Reply channel_reply(std::string text);  // in_channel

std::string mention(std::string_view user);  // <@U123>

std::string with_thousands(std::int64_t n);  // 8412 → "8,412"

}  // namespace ritualbot::commands
