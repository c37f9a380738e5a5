#include "commands/channel/channel_config.hpp"

#include "storage/admins.hpp"
#include "storage/audit_log.hpp"

namespace ritualbot::commands {

ChannelConfig load_channel_config(storage::Database& db, const std::string& channel) {
    ChannelConfig config;
    config.stored = storage::ChannelSettingsStore(db).get(channel);
    const auto zone = find_zone(config.stored.time_zone);
    config.zone = zone ? *zone : date::locate_zone("UTC");
    config.days = WorkingDays{config.stored.working_days};
    if (config.days.empty()) config.days = WorkingDays{WorkingDays::kMondayToFriday};
    config.changeover = std::chrono::minutes{config.stored.changeover_minute};
    return config;
}

std::int64_t now_ms(const Context& context) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               context.clock.now().time_since_epoch())
        .count();
}

std::chrono::sys_seconds now_seconds(const Context& context) {
    return std::chrono::floor<std::chrono::seconds>(context.clock.now());
}

std::string mention(std::string_view user) {
    return "<@" + std::string(user) + ">";
}

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

void audit(storage::Database& db, const Request& request, std::string action, std::string detail,
           std::int64_t now) {
    storage::AuditLog(db).record(
        {0, request.channel_id, request.user_id, std::move(action), std::move(detail), now});
}

Reply ephemeral_reply(std::string text) {
    Reply reply;
    reply.visibility = Visibility::ephemeral;
    reply.text = std::move(text);
    return reply;
}

Reply channel_reply(std::string text) {
    Reply reply;
    reply.visibility = Visibility::in_channel;
    reply.text = std::move(text);
    return reply;
}

}  // namespace ritualbot::commands
