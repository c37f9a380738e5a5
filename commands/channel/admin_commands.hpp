#pragma once
// `/ritual admins …`: the handler that lives with the channel admins it manages and is listed
// in /ritual's table (ritual_command.cpp).

#include "commands/command_table.hpp"

namespace ritualbot::commands {

// admins | admins add @u… | admins remove @u
Reply admins_command(const Request& request, const Args& args, Context& context);

}  // namespace ritualbot::commands
