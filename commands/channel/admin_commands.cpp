#include "commands/channel/admin_commands.hpp"

#include <algorithm>

#include "commands/channel/admins.hpp"
#include "commands/channel/audit.hpp"
#include "commands/channel/people.hpp"
#include "commands/clock.hpp"
#include "commands/replies.hpp"
#include "storage/admins.hpp"

namespace ritualbot::commands {
namespace {

// Why `user` cannot be made a channel admin, or nullopt when they can.
std::optional<std::string> cannot_be_admin(const Context& context, const std::string& user) {
    const std::optional<Member> member =
        context.people == nullptr ? std::nullopt : context.people->member(user);
    if (!member) {
        return "I could not check " + mention(user) +
               "'s role with Slack; nothing changed. Please try again in a minute.";
    }
    if (!member->may_be_admin()) {
        return mention(user) +
               " is a guest or from another workspace, and they are never admins; nothing "
               "changed.";
    }
    return std::nullopt;
}

}  // namespace

Reply admins_command(const Request& request, const Args& args, Context& context) {
    if (context.db == nullptr) return ephemeral_reply("Channel admins need the database.");
    storage::Database& db = *context.db;
    storage::ChannelAdmins admins(db);
    if (args.tokens.empty()) return ephemeral_reply(admins_overview(context, request.channel_id));
    const std::string verb = to_lower(args.tokens.front().value);
    const bool adding = verb == "add";
    if (args.tokens.front().kind != TokenKind::word || (!adding && verb != "remove")) {
        return usage_error(args, "Say `add` or `remove`, then the people.");
    }
    std::vector<std::string> users;
    for (std::size_t i = 1; i < args.tokens.size(); ++i) {
        const Token& token = args.tokens[i];
        if (token.kind != TokenKind::user) {
            return usage_error(args, '"' + to_mrkdwn(token) +
                                         "\" is not a person; mention them "
                                         "with @.");
        }
        users.push_back(token.value);
    }
    if (users.empty()) return usage_error(args, "Mention at least one person.");
    if (auto refused = require_admin(context, request, "change the channel admins")) {
        return ephemeral_reply(*refused);
    }
    if (adding) {
        for (const std::string& user : users) {
            if (auto refused = cannot_be_admin(context, user)) return ephemeral_reply(*refused);
        }
    }

    const std::int64_t now = now_ms(context.clock);
    storage::Transaction tx(db);
    std::vector<std::string> changed, unchanged;
    for (const std::string& user : users) {
        const bool done = adding ? admins.add(request.channel_id, user, request.user_id, now)
                                 : admins.remove(request.channel_id, user);
        (done ? changed : unchanged).push_back(user);
        if (done) audit(db, request, adding ? "admins.add" : "admins.remove", user, now);
    }
    tx.commit();

    std::string text;
    if (!changed.empty()) {
        text = (adding ? "Added " : "Removed ") + mention_list(changed) +
               (adding ? " as channel admin" : " from the channel admins") +
               (changed.size() > 1 ? "s" : "") + ". ";
    }
    if (!unchanged.empty()) {
        text += mention_list(unchanged) + (adding ? " already " : " ") +
                (unchanged.size() > 1 ? "are" : "is") + (adding ? "" : " not") +
                " a channel admin; nothing changed for them. ";
    }
    text += "Channel admins now: " + mention_list(admins.list(request.channel_id)) + ".";
    return changed.empty() ? ephemeral_reply(text) : channel_reply(text);
}

}  // namespace ritualbot::commands
