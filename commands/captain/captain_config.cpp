// `/captain config period|days|time|tz|usergroup VALUE` (admins). Each value is validated
// before anything is written; shifts that have started are settled first, so a new setting
// shapes only the shifts to come.

#include "commands/captain/captain_handlers.hpp"
#include "commands/channel/admins.hpp"
#include "commands/channel/audit.hpp"
#include "commands/replies.hpp"
#include "storage/channel_settings.hpp"

namespace ritualbot::commands::captain {

Reply config(const Request& request, const Args& args, Context& context) {
    if (args.tokens.size() != 2 || args.tokens[0].kind != TokenKind::word) {
        return usage_error(args, "Name one setting and its new value.");
    }
    const std::string key = to_lower(args.tokens[0].value);
    const Token& value = args.tokens[1];
    const std::string& text = value.value;
    const std::string channel = request.channel_id;

    // Each setting: validate now, write later inside the transaction.
    std::function<void(storage::ChannelSettingsStore&, std::int64_t)> write;
    std::string shown;
    if (key == "period") {
        const auto period = storage::parse_captain_period(to_lower(text));
        if (!period) return usage_error(args, "The period is `daily` or `weekly`.");
        write = [&, p = *period](auto& store, std::int64_t now) {
            store.set_captain_period(channel, p, now);
        };
        shown = storage::to_string(*period);
    } else if (key == "days") {
        const auto days = WorkingDays::parse(text);
        if (!days) return usage_error(args, days.error());
        write = [&, mask = days->mask()](auto& store, std::int64_t now) {
            store.set_working_days(channel, mask, now);
        };
        shown = days->to_string();
    } else if (key == "time") {
        const auto time = parse_time_of_day(text);
        if (!time) return usage_error(args, time.error());
        write = [&, minute = static_cast<int>(time->count())](auto& store, std::int64_t now) {
            store.set_changeover_minute(channel, minute, now);
        };
        shown = format_time_of_day(*time);
    } else if (key == "tz") {
        const auto zone = find_zone(text);
        if (!zone) return usage_error(args, zone.error());
        const std::string name{(*zone)->name()};
        write = [&, name](auto& store, std::int64_t now) {
            store.set_time_zone(channel, name, now);
        };
        shown = escape_mrkdwn(name);
    } else if (key == "usergroup") {
        std::string group;
        if (value.kind == TokenKind::usergroup) {
            group = value.value;
        } else if (value.kind != TokenKind::word || to_lower(text) != "none") {
            return usage_error(args,
                               "Pick the user group with @ (e.g. @support-captain), or "
                               "say `none`.");
        }
        write = [&, group](auto& store, std::int64_t now) {
            store.set_usergroup(channel, group, now);
        };
        shown = group.empty() ? "none" : value.raw;
    } else {
        return usage_error(args, "\"" + to_mrkdwn(args.tokens[0]) +
                                     "\" is not a setting; use period, days, time, tz or "
                                     "usergroup.");
    }

    return apply_change(request, context, [&](storage::Database& db, std::int64_t now) {
        if (auto refused = require_admin(db, request, "change the captain settings", now)) {
            return unchanged(ephemeral_reply(*refused));
        }
        storage::ChannelSettingsStore store(db);
        write(store, now);
        audit(db, request, "captain.config." + key, text, now);
        return committed(channel_reply("Captain " + key + " is now " + shown + "."));
    });
}

}  // namespace ritualbot::commands::captain
