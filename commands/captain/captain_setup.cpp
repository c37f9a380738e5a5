// /captain handlers that set up the rotation (admins only): add, remove, holiday, config.

#include <algorithm>

#include "commands/captain/captain_handlers.hpp"
#include "commands/channel/admins.hpp"
#include "commands/channel/audit.hpp"
#include "commands/clock.hpp"
#include "commands/replies.hpp"
#include "storage/captain_overrides.hpp"
#include "storage/captain_roster.hpp"
#include "storage/channel_settings.hpp"

namespace ritualbot::commands::captain {
namespace {

Result<std::vector<std::string>> mentioned_users(const Args& args, std::size_t from) {
    std::vector<std::string> users;
    for (std::size_t i = from; i < args.tokens.size(); ++i) {
        const Token& token = args.tokens[i];
        if (token.kind != TokenKind::user) {
            return Error{'"' + to_mrkdwn(token) + "\" is not a person; mention them with @."};
        }
        if (std::find(users.begin(), users.end(), token.value) == users.end()) {
            users.push_back(token.value);
        }
    }
    return users;
}

std::string mentions(const std::vector<std::string>& users) {
    std::string out;
    for (const std::string& user : users) out += (out.empty() ? "" : ", ") + mention(user);
    return out;
}

// The captain after a change, for replies that should say who serves now.
std::string current_captain_line(storage::Database& db, const std::string& channel,
                                 std::chrono::sys_seconds now) {
    const CaptainPlan plan = CaptainPlan::load(db, channel);
    const Projection projection = plan.project(now, 1);
    if (projection.shifts.empty() || projection.shifts.back().starts_at <= now) return "";
    const PlannedShift& next = projection.shifts.back();
    return " Next captain: " + captain_text(next) + " from " + shift_label(plan, next) + ".";
}

}  // namespace

Reply add(const Request& request, const Args& args, Context& context) {
    const auto users = mentioned_users(args, 0);
    if (!users) return usage_error(args, users.error());
    if (users->empty()) return usage_error(args, "Mention the people to add.");
    return apply_change(request, context, [&](storage::Database& db, std::int64_t now) {
        if (auto refused = require_admin(context, request, "change the roster")) {
            return unchanged(ephemeral_reply(*refused));
        }
        storage::CaptainRoster roster(db);
        const auto instant = now_seconds(context.clock);
        if (!roster.start(request.channel_id)) {
            // The rotation starts with the shift in progress, so the first person added is
            // captain straight away rather than from the next change-over.
            const CaptainPlan plan = CaptainPlan::load(db, request.channel_id);
            const auto current = latest_fire_at_or_before(plan.shift_rule(), instant);
            const LocalDate epoch =
                current ? current->date : local_date_of(plan.config().zone, instant);
            roster.set_start(request.channel_id, {now, format_date(epoch)});
        }
        const CaptainPlan plan = CaptainPlan::load(db, request.channel_id);
        const Rotation rotation = plan.project(instant, 0).after_current;
        const std::int64_t lowest = rotation.lowest_count();
        std::vector<std::string> added, present;
        for (const std::string& user : *users) {
            // Level with the crew: neither owed nor owing shifts from before they joined.
            const std::int64_t credit = lowest - rotation.served_total(user);
            if (roster.add(request.channel_id, user, credit, now)) {
                added.push_back(user);
                audit(db, request, "captain.roster.add", user, now);
            } else {
                present.push_back(user);
            }
        }
        std::string already;
        if (!present.empty()) {
            already = mentions(present) + (present.size() == 1 ? " is" : " are") +
                      " already on the roster.";
        }
        if (added.empty()) return unchanged(ephemeral_reply(already + " Nothing changed."));
        CaptainPlan::settle(db, request.channel_id, instant);
        return committed(channel_reply("Added " + mentions(added) + " to the captain roster." +
                                       (already.empty() ? "" : " " + already) +
                                       current_captain_line(db, request.channel_id, instant)));
    });
}

Reply remove(const Request& request, const Args& args, Context& context) {
    const auto users = mentioned_users(args, 0);
    if (!users) return usage_error(args, users.error());
    if (users->size() != 1) return usage_error(args, "Mention one person to remove.");
    const std::string user = users->front();
    return apply_change(request, context, [&](storage::Database& db, std::int64_t now) {
        if (auto refused = require_admin(context, request, "change the roster")) {
            return unchanged(ephemeral_reply(*refused));
        }
        if (!storage::CaptainRoster(db).remove(request.channel_id, user)) {
            return unchanged(
                ephemeral_reply(mention(user) + " is not on the roster; nothing changed."));
        }
        audit(db, request, "captain.roster.remove", user, now);
        return committed(channel_reply(
            "Removed " + mention(user) + " from the captain roster." +
            current_captain_line(db, request.channel_id, now_seconds(context.clock))));
    });
}

Reply holiday(const Request& request, const Args& args, Context& context) {
    if (args.tokens.size() < 2 || args.tokens[0].kind != TokenKind::word) {
        return usage_error(args, "Say `add` or `remove` and a date.");
    }
    const std::string verb = to_lower(args.tokens[0].value);
    if (verb != "add" && verb != "remove") return usage_error(args, "Say `add` or `remove`.");
    const auto date = parse_user_date(args.tokens[1].value);
    if (args.tokens[1].kind != TokenKind::word || !date) {
        return usage_error(args, date ? "Give the date as YYYY-MM-DD." : date.error());
    }
    if (verb == "remove" && args.tokens.size() > 2) {
        return usage_error(args, "`holiday remove` takes only the date.");
    }
    // The name is the free text after the date, as typed (already escaped by Slack).
    std::string name;
    if (args.tokens.size() > 2) {
        name = unescape_slack(
            std::string_view(args.text).substr(args.tokens[2].begin - args.tokens[0].begin));
        if (name.size() > 100)
            return usage_error(args,
                               "Keep the holiday's name under 100 "
                               "characters.");
    }
    const std::string day = format_date(*date);
    return apply_change(request, context, [&](storage::Database& db, std::int64_t now) {
        if (auto refused = require_admin(context, request, "change the holidays")) {
            return unchanged(ephemeral_reply(*refused));
        }
        storage::CaptainOverrides overrides(db);
        if (verb == "add") {
            if (!overrides.add_holiday(request.channel_id, {day, name})) {
                return unchanged(ephemeral_reply(day + " is already a holiday; nothing changed."));
            }
            audit(db, request, "captain.holiday.add", day + (name.empty() ? "" : " " + name), now);
            return committed(channel_reply(day + " (" + format_day(*date) + ") is a holiday" +
                                           (name.empty() ? "" : ": " + escape_mrkdwn(name)) +
                                           ". No shift starts that day and nobody is pinged."));
        }
        if (!overrides.remove_holiday(request.channel_id, day)) {
            return unchanged(ephemeral_reply(day + " is not a holiday; nothing changed."));
        }
        audit(db, request, "captain.holiday.remove", day, now);
        return committed(channel_reply(day + " is a working day again."));
    });
}

}  // namespace ritualbot::commands::captain
