#include "commands/channel/admin_commands.hpp"

#include <algorithm>

#include "commands/channel/admins.hpp"
#include "commands/channel/audit.hpp"
#include "commands/clock.hpp"
#include "commands/replies.hpp"
#include "storage/admins.hpp"

namespace ritualbot::commands {
namespace {

std::string mention_list(const std::vector<std::string>& users) {
    std::string out;
    for (const std::string& user : users) {
        if (!out.empty()) out += ", ";
        out += mention(user);
    }
    return out.empty() ? "nobody yet" : out;
}

}  // namespace

Reply admins_command(const Request& request, const Args& args, Context& context) {
    if (context.db == nullptr) return ephemeral_reply("Channel admins need the database.");
    storage::Database& db = *context.db;
    storage::ChannelAdmins admins(db);
    if (args.tokens.empty()) {
        return ephemeral_reply("Channel admins: " + mention_list(admins.list(request.channel_id)) +
                               ".");
    }
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

    const std::int64_t now = now_ms(context.clock);
    storage::Transaction tx(db);
    if (auto refused = require_admin(db, request, "change the channel admins", now)) {
        return ephemeral_reply(*refused);
    }
    std::vector<std::string> changed, unchanged;
    for (const std::string& user : users) {
        if (!adding && admins.list(request.channel_id).size() == 1 &&
            admins.is_admin(request.channel_id, user)) {
            return ephemeral_reply(mention(user) +
                                   " is the channel's only admin; add another "
                                   "admin first.");
        }
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
    text += "Admins now: " + mention_list(admins.list(request.channel_id)) + ".";
    return changed.empty() ? ephemeral_reply(text) : channel_reply(text);
}

}  // namespace ritualbot::commands
