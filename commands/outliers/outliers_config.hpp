#pragma once
// `/outliers config [time HH:MM|default]`: shows the digest settings, or changes the digest time
// (channel admins). Runs inside the caller's transaction, like every `/outliers` handler.

#include "commands/command_table.hpp"

namespace ritualbot::commands {

Reply outliers_config(const Request& request, const Args& args, Context& context);

}  // namespace ritualbot::commands
