#pragma once
// `/ritual config show | set KEY VALUE | metric METRIC`, and the per-ritual `config`
// subcommands as shortcuts over the same table of keys (setting_keys.hpp):
// `/captain config period weekly` is `/ritual config set captain.period weekly`. A value is
// validated before anything is written; changing one is for admins and writes, in one
// transaction, the value, who changed it when (setting_changes) and an audit row.

#include <string_view>

#include "commands/command_table.hpp"

namespace ritualbot::commands {

Reply ritual_config(const Request& request, const Args& args, Context& context);

// `config [KEY VALUE…]` of the ritual whose keys start with `ritual` ("captain", "suggest",
// "digest"): KEY is the part after the dot, or a key every ritual shares (`tz`, `metric`).
// Without arguments it shows that ritual's settings.
Reply ritual_config_shortcut(const Request& request, const Args& args, Context& context,
                             std::string_view ritual);

}  // namespace ritualbot::commands
