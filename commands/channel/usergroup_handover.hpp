#pragma once
// Who may give a Slack user group to the captain (`captain.usergroup`): the bot replaces the
// group's members at every change-over, so a workspace admin, or an admin who is in the group.
// Reads through the Context's people directory; not thread-safe.

#include <string>
#include <vector>

#include "commands/command_table.hpp"
#include "commands/result.hpp"

namespace ritualbot::commands {

// For the setting's value tokens (one user group, or `none`): the refusal, or the note for the
// reply naming the members that will be replaced (empty for `none`). The caller has checked
// that the person is an admin.
Result<std::string> usergroup_handover(const Context& context, const Request& request,
                                       const std::vector<Token>& value);

}  // namespace ritualbot::commands
