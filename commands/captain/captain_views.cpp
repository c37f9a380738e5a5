// Read-only /captain handlers: who, schedule, roster, holidays, stats. They project the
// rotation without settling it, so asking never changes anything.

#include "commands/captain/captain_handlers.hpp"
#include "commands/channel/channel_config.hpp"
#include "commands/clock.hpp"
#include "commands/replies.hpp"

namespace ritualbot::commands::captain {
namespace {

constexpr int kDefaultShifts = 7;
constexpr int kMaxShifts = 60;

std::string no_roster() {
    return "Nobody is on the captain roster yet. An admin adds people with "
           "`/captain add @user…`.";
}

std::string when(const CaptainPlan& plan, const PlannedShift& shift) {
    return shift_label(plan, shift) + " " + format_time_of_day(plan.config().changeover);
}

std::string override_lines(const CaptainPlan& plan, LocalDate today) {
    std::string out;
    for (const storage::Override& rule : plan.overrides()) {
        const auto to = parse_iso_date(rule.to_date);
        if (!to || *to < today) continue;
        out += "• " + mention(rule.user) + " ";
        switch (rule.kind) {
            case storage::OverrideKind::skip:
                out += "skips " + rule.from_date;
                break;
            case storage::OverrideKind::pin:
                out += "serves " + rule.from_date;
                break;
            case storage::OverrideKind::away:
                out += "away " + rule.from_date +
                       (rule.to_date == rule.from_date ? "" : ".." + rule.to_date);
                break;
        }
        if (!rule.note.empty()) out += " (" + rule.note + ")";
        out += "\n";
    }
    return out;
}

}  // namespace

Reply who(const Request& request, const Args& args, Context& context) {
    if (!args.tokens.empty()) return usage_error(args, "`who` takes no arguments.");
    Reply error;
    const auto plan = load_plan(request, context, error);
    if (!plan) return error;
    if (plan->roster().empty()) return ephemeral_reply(no_roster());
    const Projection projection = plan->project(now_seconds(context.clock), 1);
    std::string text;
    if (projection.current && projection.shifts[*projection.current].pick) {
        const PlannedShift& now = projection.shifts[*projection.current];
        text = captain_text(now) + " is captain (since " + when(*plan, now) + ", " +
               escape_mrkdwn(plan->config().stored.time_zone) + ").";
    } else {
        text = "Nobody is captain right now.";
    }
    if (!projection.shifts.empty() &&
        projection.shifts.back().starts_at > now_seconds(context.clock)) {
        const PlannedShift& next = projection.shifts.back();
        text += " Next: " + captain_text(next) + " from " + when(*plan, next) + ".";
    }
    return ephemeral_reply(text);
}

Reply schedule(const Request& request, const Args& args, Context& context) {
    int count = kDefaultShifts;
    if (args.tokens.size() > 1) return usage_error(args, "Give at most one number.");
    if (!args.tokens.empty()) {
        const auto parsed = parse_int(args.tokens.front().value, 1, kMaxShifts);
        if (args.tokens.front().kind != TokenKind::word || !parsed) {
            return usage_error(args, parsed ? "Give a number of shifts." : parsed.error());
        }
        count = *parsed;
    }
    Reply error;
    const auto plan = load_plan(request, context, error);
    if (!plan) return error;
    if (plan->roster().empty()) return ephemeral_reply(no_roster());
    const auto now = now_seconds(context.clock);
    const Projection projection = plan->project(now, count);
    const ChannelConfig& config = plan->config();
    std::string text =
        "*Captain schedule* (" + std::string(to_string(config.stored.captain_period)) + ", " +
        config.days.to_string() + ", change-over " + format_time_of_day(config.changeover) + " " +
        escape_mrkdwn(config.stored.time_zone) + ")\n";
    const std::size_t first = projection.current.value_or(0);
    std::optional<LocalDate> previous;
    for (std::size_t i = first; i < projection.shifts.size(); ++i) {
        const PlannedShift& shift = projection.shifts[i];
        // Holidays between shifts are shown so a gap in the dates does not look like a bug.
        for (const storage::Holiday& holiday : plan->holidays()) {
            const auto date = parse_iso_date(holiday.date);
            if (date && previous && *previous < *date && *date < shift.slot.start) {
                text += "• " + format_day(*date) + " — holiday" +
                        (holiday.name.empty() ? "" : ": " + escape_mrkdwn(holiday.name)) + "\n";
            }
        }
        previous = shift.slot.start;
        text += "• " + shift_label(*plan, shift) + " — " + captain_text(shift) +
                (projection.current == i ? " ← now" : "") + "\n";
    }
    const std::string overrides = override_lines(*plan, local_date_of(config.zone, now));
    if (!overrides.empty()) text += "*Overrides*\n" + overrides;
    return ephemeral_reply(text);
}

Reply roster(const Request& request, const Args& args, Context& context) {
    if (!args.tokens.empty()) return usage_error(args, "`roster` takes no arguments.");
    Reply error;
    const auto plan = load_plan(request, context, error);
    if (!plan) return error;
    if (plan->roster().empty()) return ephemeral_reply(no_roster());
    std::string text = "*Captain roster*, in rotation order:\n";
    int n = 0;
    for (const storage::RosterMember& member : plan->roster()) {
        text += std::to_string(++n) + ". " + mention(member.user) + "\n";
    }
    return ephemeral_reply(text);
}

Reply holidays(const Request& request, const Args& args, Context& context) {
    if (!args.tokens.empty()) return usage_error(args, "`holidays` takes no arguments.");
    Reply error;
    const auto plan = load_plan(request, context, error);
    if (!plan) return error;
    const LocalDate today = local_date_of(plan->config().zone, now_seconds(context.clock));
    std::string text;
    for (const storage::Holiday& holiday : plan->holidays()) {
        const auto date = parse_iso_date(holiday.date);
        if (!date || *date < today) continue;
        text += "• " + holiday.date + " (" + format_day(*date) + ")" +
                (holiday.name.empty() ? "" : " — " + escape_mrkdwn(holiday.name)) + "\n";
    }
    if (text.empty()) {
        return ephemeral_reply(
            "No upcoming holidays. An admin adds one with "
            "`/captain holiday add YYYY-MM-DD [name]`.");
    }
    return ephemeral_reply("*Upcoming holidays* (no shift starts on them)\n" + text);
}

Reply stats(const Request& request, const Args& args, Context& context) {
    if (!args.tokens.empty()) return usage_error(args, "`stats` takes no arguments.");
    Reply error;
    const auto plan = load_plan(request, context, error);
    if (!plan) return error;
    if (plan->roster().empty()) return ephemeral_reply(no_roster());
    const Projection projection = plan->project(now_seconds(context.clock), 0);
    std::string text = "*Fairness ledger* (shifts served, this one included)\n";
    for (const Tally& tally : projection.after_current.tallies()) {
        text += "• " + mention(tally.user) + " — " + std::to_string(tally.served) +
                (tally.served == 1 ? " shift" : " shifts") + "\n";
    }
    text +=
        "Someone who skips or is away is owed those turns and gets them back first; "
        "people who join start level with the crew.";
    return ephemeral_reply(text);
}

}  // namespace ritualbot::commands::captain
