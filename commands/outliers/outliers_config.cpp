#include "commands/outliers/outliers_config.hpp"

#include "commands/channel/admins.hpp"
#include "commands/channel/audit.hpp"
#include "commands/channel/channel_config.hpp"
#include "commands/outliers/digest_ritual.hpp"
#include "commands/replies.hpp"
#include "storage/outlier_settings.hpp"

namespace ritualbot::commands {
namespace {

std::string digest_time_text(storage::Database& db, const std::string& channel) {
    const ChannelConfig config = load_channel_config(db, channel);
    const bool set = storage::OutlierSettingsStore(db).get(channel).digest_minute.has_value();
    return format_time_of_day(digest_time(db, channel, config)) + " " +
           std::string(config.zone->name()) +
           (set ? ""
                : " (15 minutes after the captain change-over at " +
                      format_time_of_day(config.changeover) + ")");
}

}  // namespace

Reply outliers_config(const Request& request, const Args& args, Context& context) {
    if (context.db == nullptr)
        return usage_error(args, "The ticket database is not available here.");
    storage::Database& db = *context.db;
    if (args.tokens.empty()) {
        return ephemeral_reply("*Outlier digest settings*\n• posted on working days at " +
                               digest_time_text(db, request.channel_id) +
                               "\nChange it with `/outliers config time HH:MM` (or `default`).");
    }
    if (args.tokens.size() != 2 || args.tokens[0].kind != TokenKind::word ||
        to_lower(args.tokens[0].value) != "time" || args.tokens[1].kind != TokenKind::word) {
        return usage_error(args, "Give the digest time, e.g. `time 09:15`, or `time default`.");
    }
    std::optional<int> minute;
    if (to_lower(args.tokens[1].value) != "default") {
        const auto time = parse_time_of_day(args.tokens[1].value);
        if (!time) return usage_error(args, time.error());
        minute = static_cast<int>(time->count());
    }
    const std::int64_t now = now_ms(context.clock);
    if (auto refused = require_admin(db, request, "change the digest time", now)) {
        return ephemeral_reply(*refused);
    }
    storage::OutlierSettingsStore(db).set_digest_minute(request.channel_id, minute, now);
    audit(db, request, "outliers.config.time", args.tokens[1].value, now);
    return channel_reply("The outlier digest is now posted at " +
                         digest_time_text(db, request.channel_id) + ".");
}

}  // namespace ritualbot::commands
