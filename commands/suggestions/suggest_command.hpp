#pragma once
// `/suggest`: the Friday suggestion ritual's command. Any day, `/suggest TEXT [#procedure]
// [anon]` adds a suggestion to the channel's current round (`/suggest` alone opens a form);
// `open` and `close` run the vote by hand (the scheduled runs in friday.hpp do it on time);
// winners become improvements followed with `assign`, `done`, `target` and `status`.

#include <string_view>

#include "commands/command_table.hpp"

namespace ritualbot::commands {

inline constexpr std::string_view kSuggestCommand = "/suggest";

Command make_suggest_command();

}  // namespace ritualbot::commands
