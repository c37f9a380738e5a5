#pragma once
// `/ritual`: the bot's own command: help, the channel's settings (`config`), its admins, and
// leaving or rejoining the rituals. Words to the bot that name no command arrive here too
// ("@ritualbot help" is "/ritual help", CommandTable::request_from_words), so replies avoid
// wording that only fits a slash command.

#include "commands/command_table.hpp"

namespace ritualbot::commands {

inline constexpr std::string_view kRitualCommand = "/ritual";

Command make_ritual_command();

}  // namespace ritualbot::commands
