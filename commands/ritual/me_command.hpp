#pragma once
// `/ritual me …`: a person's own preferences, wherever they use the bot. For now one:
// `/ritual me thanks on|off`, whether the bot thanks them by name (an incident review's
// contributors, for instance); off is for people who would rather help quietly.

#include "commands/command_table.hpp"

namespace ritualbot::commands {

Reply me_command(const Request& request, const Args& args, Context& context);

}  // namespace ritualbot::commands
