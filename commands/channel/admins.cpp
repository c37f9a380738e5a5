#include "commands/channel/admins.hpp"

#include "commands/channel/audit.hpp"
#include "commands/replies.hpp"
#include "storage/admins.hpp"

namespace ritualbot::commands {

std::optional<std::string> require_admin(storage::Database& db, const Request& request,
                                         std::string_view what, std::int64_t now) {
    storage::ChannelAdmins admins(db);
    const auto list = admins.list(request.channel_id);
    if (list.empty()) {
        admins.add(request.channel_id, request.user_id, request.user_id, now);
        audit(db, request, "admins.add", request.user_id + " (first to configure the channel)",
              now);
        return std::nullopt;
    }
    for (const std::string& admin : list) {
        if (admin == request.user_id) return std::nullopt;
    }
    std::string names;
    for (const std::string& admin : list) {
        if (!names.empty()) names += ", ";
        names += mention(admin);
    }
    return "Sorry, only channel admins (" + names + ") can " + std::string(what) + ".";
}

}  // namespace ritualbot::commands
