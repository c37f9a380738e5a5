#pragma once
// `/ritual admins …` and `/ritual config show`: handlers that live with the channel settings
// they manage and are listed in /ritual's table (ritual_command.cpp).

#include "commands/command_table.hpp"

namespace ritualbot::commands {

// admins | admins add @u… | admins remove @u
Reply admins_command(const Request& request, const Args& args, Context& context);
// config show
Reply config_command(const Request& request, const Args& args, Context& context);

}  // namespace ritualbot::commands
