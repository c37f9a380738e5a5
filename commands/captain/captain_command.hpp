#pragma once
// `/captain`: the rotating captain of a channel's crew. The table below is the grammar and the
// help; handlers live in captain_views.cpp (who, schedule, roster, holidays, stats),
// captain_setup.cpp (add, remove, holiday), captain_overrides.cpp (skip, unskip, swap, away,
// back, handoff); `config` is a shortcut to the channel's settings (channel/config_commands). The change-over announcement is changeover.hpp.

#include "commands/command_table.hpp"

namespace ritualbot::commands {

inline constexpr std::string_view kCaptainCommand = "/captain";

Command make_captain_command();

}  // namespace ritualbot::commands
