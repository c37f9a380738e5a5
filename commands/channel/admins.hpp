#pragma once
// Who may make admin-only changes in a channel: workspace owners and admins (from Slack), the
// people in RITUALBOT_ADMINS, and the channel admins an admin added, never a guest or someone
// from another workspace. Nobody becomes an admin by being first. Reads through the Context's
// database and people directory; not thread-safe.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "commands/command_table.hpp"

namespace ritualbot::commands {

// Empty when the user who typed the request may make admin-only changes in its channel.
// Otherwise the refusal, which says who can: "Sorry, only admins can change the roster. Ask
// <@U1> or a workspace admin."
std::optional<std::string> require_admin(const Context& context, const Request& request,
                                         std::string_view what);

// Whether `user` is an admin in `channel`; nullopt when Slack never answered about them.
std::optional<bool> is_admin(const Context& context, const std::string& channel,
                             const std::string& user);

// Whether `user` is a workspace owner or admin (and no guest, not external); nullopt when
// Slack never answered about them.
std::optional<bool> is_workspace_admin(const Context& context, const std::string& user);

// "Ask <@U1>, <@U2> or a workspace admin." naming the admins known for the channel other than
// `except`, or, when none has acted yet, "No admin is known here yet: ask a workspace admin,
// or set RITUALBOT_ADMINS."
std::string who_can_help(const Context& context, const std::string& channel,
                         const std::string& except);

// "<@U1>, <@U2>", or "nobody yet".
std::string mention_list(const std::vector<std::string>& users);

// Who is an admin here: the channel admins, then who is one everywhere (for `/ritual admins`
// and `/ritual config show`).
std::string admins_overview(const Context& context, const std::string& channel);

}  // namespace ritualbot::commands
