#pragma once
// `/playbook`: the channel's procedures (SOPs), what concerns each, and its scorecard.

#include <string_view>

#include "commands/command_table.hpp"

namespace ritualbot::commands {

inline constexpr std::string_view kPlaybookCommand = "/playbook";

Command make_playbook_command();

}  // namespace ritualbot::commands
