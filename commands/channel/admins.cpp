#include "commands/channel/admins.hpp"

#include <algorithm>
#include <vector>

#include "commands/channel/people.hpp"
#include "commands/replies.hpp"
#include "storage/admins.hpp"

namespace ritualbot::commands {
namespace {

// A refusal names a few people, not a crowd.
constexpr std::size_t kMaxNamed = 4;

std::optional<Member> member_of(const Context& context, const std::string& user) {
    if (context.people == nullptr) return std::nullopt;
    return context.people->member(user);
}

bool listed(const Context& context, const std::string& user) {
    if (context.people == nullptr) return false;
    const auto& admins = context.people->listed_admins();
    return std::find(admins.begin(), admins.end(), user) != admins.end();
}

bool channel_admin(const Context& context, const std::string& channel, const std::string& user) {
    return context.db != nullptr && storage::ChannelAdmins(*context.db).is_admin(channel, user);
}

}  // namespace

std::optional<bool> is_workspace_admin(const Context& context, const std::string& user) {
    const auto member = member_of(context, user);
    if (!member) return std::nullopt;
    return member->may_be_admin() && member->workspace_admin;
}

std::optional<bool> is_admin(const Context& context, const std::string& channel,
                             const std::string& user) {
    const auto member = member_of(context, user);
    if (!member) return std::nullopt;
    if (!member->may_be_admin()) return false;
    return member->workspace_admin || listed(context, user) ||
           channel_admin(context, channel, user);
}

std::string who_can_help(const Context& context, const std::string& channel,
                         const std::string& except) {
    std::vector<std::string> names;
    bool known = false;  // an admin exists, maybe only `except`
    const auto add = [&](const std::string& user) {
        const auto member = member_of(context, user);
        if (member && !member->may_be_admin()) return;
        known = true;
        if (user == except || names.size() >= kMaxNamed ||
            std::find(names.begin(), names.end(), user) != names.end()) {
            return;
        }
        names.push_back(user);
    };
    if (context.db != nullptr) {
        for (const std::string& user : storage::ChannelAdmins(*context.db).list(channel)) add(user);
    }
    if (context.people != nullptr) {
        for (const std::string& user : context.people->listed_admins()) add(user);
        for (const std::string& user : context.people->known_workspace_admins()) add(user);
    }
    if (!known)
        return "No admin is known here yet: ask a workspace admin, or set RITUALBOT_ADMINS.";
    if (names.empty()) return "Ask a workspace admin.";
    std::string text = "Ask ";
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (i > 0) text += ", ";
        text += mention(names[i]);
    }
    return text + " or a workspace admin.";
}

std::string mention_list(const std::vector<std::string>& users) {
    std::string out;
    for (const std::string& user : users) {
        if (!out.empty()) out += ", ";
        out += mention(user);
    }
    return out.empty() ? "nobody yet" : out;
}

std::string admins_overview(const Context& context, const std::string& channel) {
    std::string text = "Channel admins: ";
    text += context.db == nullptr
                ? std::string("unknown (no database)")
                : mention_list(storage::ChannelAdmins(*context.db).list(channel));
    text += ". Workspace owners and admins";
    if (context.people != nullptr && !context.people->listed_admins().empty()) {
        text += " and " + mention_list(context.people->listed_admins()) + " (RITUALBOT_ADMINS)";
    }
    return text + " are admins everywhere; guests and people from other workspaces never are.";
}

std::optional<std::string> require_admin(const Context& context, const Request& request,
                                         std::string_view what) {
    const auto member = member_of(context, request.user_id);
    const std::string help = who_can_help(context, request.channel_id, request.user_id);
    if (!member) {
        return std::string("Sorry, I could not check your role with Slack, so I cannot let you ")
            .append(what)
            .append(" yet; please try again in a minute. ")
            .append(help);
    }
    if (!member->may_be_admin()) {
        return std::string("Sorry, guests and people from other workspaces cannot ")
            .append(what)
            .append(". ")
            .append(help);
    }
    if (*is_admin(context, request.channel_id, request.user_id)) return std::nullopt;
    return std::string("Sorry, only admins can ").append(what).append(". ").append(help);
}

}  // namespace ritualbot::commands
