#include "commands/channel/usergroup_handover.hpp"

#include <algorithm>

#include "commands/channel/admins.hpp"
#include "commands/channel/people.hpp"
#include "commands/replies.hpp"

namespace ritualbot::commands {

Result<std::string> usergroup_handover(const Context& context, const Request& request,
                                       const std::vector<Token>& value) {
    if (value.size() != 1 || value[0].kind != TokenKind::usergroup) return std::string();
    const Token& group = value[0];
    const auto members =
        context.people == nullptr ? std::nullopt : context.people->usergroup_members(group.value);
    if (!members) {
        return Error{"I could not read the members of " + group.raw +
                     " from Slack; nothing changed. Please try again in a minute."};
    }
    const bool inside =
        std::find(members->begin(), members->end(), request.user_id) != members->end();
    if (!inside && !is_workspace_admin(context, request.user_id).value_or(false)) {
        return Error{"Sorry, only a workspace admin, or an admin who is in " + group.raw +
                     ", can give " + group.raw +
                     " to the captain: the bot replaces its members at every change-over. " +
                     who_can_help(context, request.channel_id, request.user_id)};
    }
    return " At every change-over its members (now " + mention_list(*members) +
           ") are replaced by the captain.";
}

}  // namespace ritualbot::commands
