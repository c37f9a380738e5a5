// /captain handlers for exceptions to the rotation: skip, unskip, away, back, handoff (swap is in
// captain_swaps.cpp). Anyone may change their own shifts; changing someone else's needs an admin.

#include <algorithm>

#include "commands/captain/captain_handlers.hpp"
#include "commands/channel/admins.hpp"
#include "commands/channel/audit.hpp"
#include "commands/clock.hpp"
#include "commands/replies.hpp"
#include "storage/captain_overrides.hpp"
#include "storage/captain_roster.hpp"

namespace ritualbot::commands::captain {
namespace {

constexpr int kMaxAwayDays = 366;
constexpr std::size_t kMaxHandoffLength = 2000;

// `[@user] [DATE]` in either order; the user defaults to whoever typed the command.
struct Target {
    std::string user;
    std::optional<LocalDate> date;
};

Result<Target> read_target(const Request& request, const Args& args) {
    Target target{request.user_id, std::nullopt};
    bool named = false;
    if (args.tokens.size() > 2) return Error{"Give at most a person and a date."};
    for (const Token& token : args.tokens) {
        if (token.kind == TokenKind::user && !named) {
            target.user = token.value;
            named = true;
        } else if (token.kind == TokenKind::word && !target.date) {
            const auto date = parse_user_date(token.value);
            if (!date) return Error{date.error()};
            target.date = *date;
        } else {
            return Error{'"' + to_mrkdwn(token) + "\" is not a person or a date."};
        }
    }
    return target;
}

bool on_roster(const CaptainPlan& plan, const std::string& user) {
    return std::any_of(plan.roster().begin(), plan.roster().end(),
                       [&](const storage::RosterMember& m) { return m.user == user; });
}

// Self-service is always allowed; anything about someone else needs an admin.
std::optional<std::string> require_self_or_admin(const Context& context, const Request& request,
                                                 const std::string& user, std::string_view what) {
    if (user == request.user_id) return std::nullopt;
    return require_admin(context, request, what);
}

LocalDate current_start(const Projection& projection, LocalDate fallback) {
    return projection.current ? projection.shifts[*projection.current].slot.start : fallback;
}

std::string not_on_roster(const std::string& user) {
    return mention(user) + " is not on the captain roster.";
}

}  // namespace

Reply skip(const Request& request, const Args& args, Context& context) {
    const auto target = read_target(request, args);
    if (!target) return usage_error(args, target.error());
    return apply_change(request, context, [&](storage::Database& db, std::int64_t now) {
        if (auto refused = require_self_or_admin(context, request, target->user,
                                                 "skip someone else's shift")) {
            return unchanged(ephemeral_reply(*refused));
        }
        const CaptainPlan plan = CaptainPlan::load(db, request.channel_id);
        if (!on_roster(plan, target->user))
            return unchanged(ephemeral_reply(not_on_roster(target->user)));
        const Projection projection = plan.project(now_seconds(context.clock), kLookAheadShifts);
        const PlannedShift* shift = target->date ? shift_on(projection, *target->date)
                                                 : next_shift_of(projection, target->user, true);
        if (shift == nullptr) {
            return unchanged(usage_error(
                args, target->date ? "No shift starts on " + format_date(*target->date) +
                                         " (a day off, a holiday, or too far ahead)."
                                   : mention(target->user) + " has no upcoming shift."));
        }
        const bool is_current =
            projection.current && shift == &projection.shifts[*projection.current];
        if (shift->starts_at <= now_seconds(context.clock) && !is_current) {
            return unchanged(
                ephemeral_reply("That shift is over; only shifts from the current "
                                "one on can be skipped."));
        }
        const std::string date = format_date(shift->slot.start);
        for (const storage::Override& rule : plan.overrides()) {
            if (rule.kind == storage::OverrideKind::skip && rule.user == target->user &&
                rule.from_date == date) {
                return unchanged(ephemeral_reply(mention(target->user) +
                                                 " already skips the shift of " + date + "."));
            }
        }
        storage::CaptainOverrides(db).add(
            request.channel_id, {0, storage::OverrideKind::skip, target->user, date, date, "", "",
                                 request.user_id, now});
        audit(db, request, "captain.skip", target->user + " " + date, now);
        // The shift in progress was recorded when it started; re-open it so it goes to the
        // next in line now.
        if (is_current) {
            storage::CaptainRoster(db).delete_shift(request.channel_id, date);
            CaptainPlan::settle(db, request.channel_id, now_seconds(context.clock));
        }
        const CaptainPlan after = CaptainPlan::load(db, request.channel_id);
        const Projection replanned = after.project(now_seconds(context.clock), kLookAheadShifts);
        const PlannedShift* replaced = shift_on(replanned, shift->slot.start);
        if (replaced == nullptr || !replaced->pick) {
            return unchanged(ephemeral_reply("Nobody else can take the shift of " + date +
                                             ", so it cannot be skipped."));
        }
        return committed(channel_reply(mention(target->user) + " skips the shift of " +
                                       shift_label(after, *replaced) + "; " +
                                       mention(replaced->pick->user) + " takes it. " +
                                       mention(target->user) + " is first in line afterwards."));
    });
}

Reply unskip(const Request& request, const Args& args, Context& context) {
    const auto target = read_target(request, args);
    if (!target) return usage_error(args, target.error());
    return apply_change(request, context, [&](storage::Database& db, std::int64_t now) {
        if (auto refused =
                require_self_or_admin(context, request, target->user, "undo someone else's skip")) {
            return unchanged(ephemeral_reply(*refused));
        }
        const CaptainPlan plan = CaptainPlan::load(db, request.channel_id);
        const auto instant = now_seconds(context.clock);
        const Projection projection = plan.project(instant, 0);
        // The shift in progress was already handed on; only later skips can be undone.
        const LocalDate today = local_date_of(plan.config().zone, instant);
        const LocalDate after = current_start(projection, today);
        std::vector<std::string> undone;
        storage::CaptainOverrides overrides(db);
        for (const storage::Override& rule : plan.overrides()) {
            const auto date = parse_iso_date(rule.from_date);
            if (rule.kind != storage::OverrideKind::skip || rule.user != target->user || !date ||
                *date <= after || (target->date && *date != *target->date)) {
                continue;
            }
            overrides.remove(rule.id);
            undone.push_back(rule.from_date);
        }
        if (undone.empty()) {
            return unchanged(ephemeral_reply(mention(target->user) +
                                             " has no upcoming skip to undo; nothing changed."));
        }
        std::string dates;
        for (const std::string& date : undone) dates += (dates.empty() ? "" : ", ") + date;
        audit(db, request, "captain.unskip", target->user + " " + dates, now);
        return committed(channel_reply(mention(target->user) + " no longer skips " + dates + "."));
    });
}

Reply away(const Request& request, const Args& args, Context& context) {
    if (args.tokens.empty() || args.tokens[0].kind != TokenKind::user) {
        return usage_error(args, "Mention who is away, then the dates.");
    }
    const std::string user = args.tokens[0].value;
    // FROM..TO as one word, or FROM TO, or just FROM for a single day.
    std::vector<std::string> parts;
    for (std::size_t i = 1; i < args.tokens.size(); ++i) {
        if (args.tokens[i].kind != TokenKind::word) {
            return usage_error(args, '"' + to_mrkdwn(args.tokens[i]) + "\" is not a date.");
        }
        std::string_view word = args.tokens[i].value;
        for (std::size_t dots; (dots = word.find("..")) != std::string_view::npos;) {
            if (dots > 0) parts.emplace_back(word.substr(0, dots));
            word.remove_prefix(dots + 2);
        }
        if (!word.empty()) parts.emplace_back(word);
    }
    if (parts.empty() || parts.size() > 2) return usage_error(args, "Give one date or a range.");
    const auto from = parse_user_date(parts.front());
    if (!from) return usage_error(args, from.error());
    const auto to = parse_user_date(parts.back());
    if (!to) return usage_error(args, to.error());
    if (*to < *from) return usage_error(args, "The range ends before it starts.");
    if (*to - *from >= date::days{kMaxAwayDays}) {
        return usage_error(args,
                           "An away period is at most a year; take them off the roster "
                           "instead.");
    }
    return apply_change(request, context, [&](storage::Database& db, std::int64_t now) {
        if (auto refused =
                require_self_or_admin(context, request, user, "mark someone else away")) {
            return unchanged(ephemeral_reply(*refused));
        }
        const CaptainPlan plan = CaptainPlan::load(db, request.channel_id);
        if (!on_roster(plan, user)) return unchanged(ephemeral_reply(not_on_roster(user)));
        const auto instant = now_seconds(context.clock);
        if (*to < local_date_of(plan.config().zone, instant)) {
            return unchanged(usage_error(args, "Those dates are in the past."));
        }
        const std::string from_text = format_date(*from), to_text = format_date(*to);
        storage::CaptainOverrides(db).add(
            request.channel_id, {0, storage::OverrideKind::away, user, from_text, to_text, "", "",
                                 request.user_id, now});
        audit(db, request, "captain.away", user + " " + from_text + ".." + to_text, now);
        std::string text = mention(user) + " is away " + format_day(*from) +
                           (*to == *from ? "" : " – " + format_day(*to)) +
                           ". The schedule routes around them; they keep their place and get "
                           "the turns back.";
        const Projection projection = plan.project(instant, 0);
        if (projection.current && projection.shifts[*projection.current].pick &&
            projection.shifts[*projection.current].pick->user == user) {
            text +=
                " They are still captain of the shift in progress; `/captain skip` hands "
                "it on.";
        }
        return committed(channel_reply(text));
    });
}

Reply back(const Request& request, const Args& args, Context& context) {
    if (args.tokens.size() != 1 || args.tokens[0].kind != TokenKind::user) {
        return usage_error(args, "Mention who is back.");
    }
    const std::string user = args.tokens[0].value;
    return apply_change(request, context, [&](storage::Database& db, std::int64_t now) {
        if (auto refused =
                require_self_or_admin(context, request, user, "mark someone else back")) {
            return unchanged(ephemeral_reply(*refused));
        }
        const CaptainPlan plan = CaptainPlan::load(db, request.channel_id);
        const LocalDate today = local_date_of(plan.config().zone, now_seconds(context.clock));
        storage::CaptainOverrides overrides(db);
        int removed = 0;
        for (const storage::Override& rule : plan.overrides()) {
            const auto to = parse_iso_date(rule.to_date);
            if (rule.kind != storage::OverrideKind::away || rule.user != user || !to ||
                *to < today) {
                continue;
            }
            // Shifts already started are settled, so dropping the whole period only frees
            // the ones to come.
            overrides.remove(rule.id);
            ++removed;
        }
        if (removed == 0) {
            return unchanged(
                ephemeral_reply(mention(user) + " is not marked away; nothing changed."));
        }
        audit(db, request, "captain.back", user, now);
        return committed(
            channel_reply("Welcome back, " + mention(user) + ": you are in the rotation again."));
    });
}

Reply handoff(const Request& request, const Args& args, Context& context) {
    if (args.text.empty()) return usage_error(args, "Write the note for the next captain.");
    if (args.text.size() > kMaxHandoffLength) {
        return usage_error(
            args, "Keep the note under " + std::to_string(kMaxHandoffLength) + " characters.");
    }
    return apply_change(request, context, [&](storage::Database& db, std::int64_t now) {
        const CaptainPlan plan = CaptainPlan::load(db, request.channel_id);
        if (!plan.start()) {
            return unchanged(ephemeral_reply("There is no captain rotation here yet."));
        }
        const Projection projection = plan.project(now_seconds(context.clock), 0);
        const bool captain = projection.current && projection.shifts[*projection.current].pick &&
                             projection.shifts[*projection.current].pick->user == request.user_id;
        if (!captain) {
            if (auto refused =
                    require_admin(context, request, "leave a handoff for someone else")) {
                return unchanged(ephemeral_reply(
                    "The captain of the shift in progress leaves the handoff. " + *refused));
            }
        }
        // Slack already escaped &, < and > in the text, so it is safe mrkdwn as it stands.
        storage::CaptainRoster(db).set_handoff(request.channel_id,
                                               {args.text, request.user_id, now});
        audit(db, request, "captain.handoff", args.text, now);
        return committed(ephemeral_reply(
            "Saved. Your note goes into the next captain's announcement:\n>" + args.text));
    });
}

}  // namespace ritualbot::commands::captain
