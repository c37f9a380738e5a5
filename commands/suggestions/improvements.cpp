// Following winners to done: `/suggest assign ID @u`, `done ID [note]`, `target ID METRIC`,
// `status`, and the streak of weeks with an improvement done.

#include <set>

#include "commands/channel/admins.hpp"
#include "commands/channel/audit.hpp"
#include "commands/channel/channel_config.hpp"
#include "commands/clock.hpp"
#include "commands/outliers/before_after.hpp"
#include "commands/outliers/metrics.hpp"
#include "commands/render/ids.hpp"
#include "commands/render/user_text.hpp"
#include "commands/replies.hpp"
#include "commands/suggestions/ballot.hpp"
#include "commands/suggestions/suggestion_handlers.hpp"
#include "storage/suggestions.hpp"
#include "storage/suggestions_improvements.hpp"

namespace ritualbot::commands::suggestions {
namespace {

LocalDate monday_of(LocalDate date) {
    return date - (date::weekday{date} - date::Monday);
}

LocalDate today_in(storage::Database& db, const std::string& channel, const Context& context) {
    return local_date_of(load_channel_config(db, channel).zone, now_seconds(context.clock));
}

// The improvement named by the first token, or the reply saying why there is none.
std::optional<storage::Improvement> find_improvement(storage::Database& db, const Request& request,
                                                     const Args& args, Reply& error) {
    const auto id = parse_id(args.tokens.front());
    if (!id) {
        error = usage_error(
            args, '"' + to_mrkdwn(args.tokens.front()) + "\" is not an improvement number.");
        return std::nullopt;
    }
    auto improvement = storage::Improvements(db).find(*id);
    if (!improvement || improvement->channel != request.channel_id) {
        error = usage_error(args, '#' + std::to_string(*id) +
                                      " is not an improvement in this channel: only suggestions "
                                      "that won a vote are. `/suggest status` lists them.");
        return std::nullopt;
    }
    return improvement;
}

// An improvement is changed by its owner or an admin; the refusal names the owner.
std::optional<Reply> refuse_unless_owner_or_admin(const Context& context, const Request& request,
                                                  const storage::Improvement& improvement,
                                                  std::string_view what) {
    if (!improvement.owner.empty() && improvement.owner == request.user_id) return std::nullopt;
    if (is_admin(context, request.channel_id, request.user_id).value_or(false)) return std::nullopt;
    const std::string id = std::string("#").append(std::to_string(improvement.suggestion_id));
    std::string text = "Sorry, only ";
    text += improvement.owner.empty() ? "an admin (" + id + " has no owner yet)"
                                      : mention(improvement.owner) + " (its owner) or an admin";
    text += std::string(" can ").append(what).append(" ").append(id).append(". ");
    return ephemeral_reply(text + who_can_help(context, request.channel_id, request.user_id));
}

std::string title(storage::Database& db, std::int64_t id) {
    const auto suggestion = storage::Suggestions(db).find(id);
    return suggestion ? truncate_utf8(suggestion_line(*suggestion, false), 300)
                      : "*#" + std::to_string(id) + "*";
}

std::string streak_text(int weeks) {
    if (weeks == 0) return "No improvement done this week or last yet.";
    return "Streak: " + std::to_string(weeks) + (weeks == 1 ? " week" : " weeks") +
           " in a row with an improvement done.";
}

}  // namespace

int done_streak(storage::Database& db, const std::string& channel, LocalDate today) {
    std::set<LocalDate> weeks;
    for (const std::string& text : storage::Improvements(db).done_dates(channel)) {
        if (const auto date = parse_iso_date(text)) weeks.insert(monday_of(*date));
    }
    LocalDate week = monday_of(today);
    // This week is not lost until it is over: count from last week when nothing is done yet.
    if (!weeks.contains(week)) week -= date::days{7};
    int streak = 0;
    while (weeks.contains(week)) {
        ++streak;
        week -= date::days{7};
    }
    return streak;
}

std::string open_improvement_lines(storage::Database& db, const std::string& channel,
                                   LocalDate today, std::int64_t now_ms) {
    std::string text;
    for (const auto& improvement : storage::Improvements(db).open(channel)) {
        const auto due = parse_iso_date(improvement.due_date);
        text += "\n• " + title(db, improvement.suggestion_id) + " — owner " +
                (improvement.owner.empty() ? "nobody yet" : mention(improvement.owner));
        const std::int64_t age_days = (now_ms - improvement.created_at) / (24 * 3600 * 1000);
        text += ", open " + std::to_string(age_days) + (age_days == 1 ? " day" : " days");
        if (due) {
            text += ", due " + format_day(*due);
            if (*due < today) text += " (*overdue*)";
        }
        if (!improvement.metric.empty()) text += ", targets `" + improvement.metric + "`";
    }
    return text;
}

Reply assign(const Request& request, const Args& args, Context& context) {
    if (args.tokens.size() != 2 || args.tokens[1].kind != TokenKind::user) {
        return usage_error(args, "Name the improvement, then mention its new owner.");
    }
    if (context.db == nullptr) return ephemeral_reply("Suggestions need the database.");
    Reply error;
    const auto improvement = find_improvement(*context.db, request, args, error);
    if (!improvement) return error;
    if (auto refused = refuse_unless_owner_or_admin(context, request, *improvement, "assign")) {
        return *refused;
    }
    const std::string owner = args.tokens[1].value;
    return run_change(
        context,
        [&](storage::Database& db) {
            storage::Improvements(db).set_owner(improvement->suggestion_id, owner);
            audit(db, request, "suggest.assign",
                  '#' + std::to_string(improvement->suggestion_id) + " " + owner,
                  now_ms(context.clock));
            return Outcome{
                true,
                title(db, improvement->suggestion_id) + " is now owned by " + mention(owner) + ".",
                {}};
        },
        Visibility::in_channel);
}

Reply done(const Request& request, const Args& args, Context& context) {
    if (args.tokens.empty()) return usage_error(args, "Name the improvement that is done.");
    if (context.db == nullptr) return ephemeral_reply("Suggestions need the database.");
    Reply error;
    const auto improvement = find_improvement(*context.db, request, args, error);
    if (!improvement) return error;
    if (auto refused = refuse_unless_owner_or_admin(context, request, *improvement, "mark as done")) {
        return *refused;
    }
    if (improvement->done_at != 0) {
        return ephemeral_reply('#' + std::to_string(improvement->suggestion_id) +
                               " was done already, on " + improvement->done_date + ".");
    }
    std::string note;
    if (args.tokens.size() > 1) {
        note = request.text.substr(args.tokens[1].begin);
        if (utf8_length(unescape_slack(note)) > kMaxSuggestionChars) {
            return usage_error(args, "Keep the note under " + std::to_string(kMaxSuggestionChars) +
                                         " characters.");
        }
    }
    return run_change(
        context,
        [&](storage::Database& db) {
            const LocalDate today = today_in(db, request.channel_id, context);
            const std::int64_t id = improvement->suggestion_id;
            storage::Improvements(db).mark_done(id, now_ms(context.clock), format_date(today),
                                                note);
            audit(db, request, "suggest.done", '#' + std::to_string(id), now_ms(context.clock));
            std::string text = ":white_check_mark: Done: " + title(db, id) + ".";
            if (!note.empty()) text += "\n>" + render::repost_text(note);
            text += '\n' + streak_text(done_streak(db, request.channel_id, today));
            return Outcome{true, std::move(text), {}};
        },
        Visibility::in_channel);
}

Reply target(const Request& request, const Args& args, Context& context) {
    if (args.tokens.size() != 2 || args.tokens[1].kind != TokenKind::word) {
        return usage_error(args, "Name the improvement, then one metric.");
    }
    const std::string metric = to_lower(args.tokens[1].value);
    if (find_duration_metric(metric) == nullptr && find_rate_metric(metric) == nullptr) {
        std::string names;
        for (const auto& m : kDurationMetrics)
            names += std::string(names.empty() ? "" : ", ") + "`" + std::string(m.name) + "`";
        for (const auto& m : kRateMetrics) names += ", `" + std::string(m.name) + "`";
        return usage_error(args, '"' + to_mrkdwn(args.tokens[1]) +
                                     "\" is not a metric; use one of " + names + ".");
    }
    if (context.db == nullptr) return ephemeral_reply("Suggestions need the database.");
    Reply error;
    const auto improvement = find_improvement(*context.db, request, args, error);
    if (!improvement) return error;
    if (auto refused = refuse_unless_owner_or_admin(context, request, *improvement, "set the target of")) {
        return *refused;
    }
    return run_change(context, [&](storage::Database& db) {
        storage::Improvements(db).set_metric(improvement->suggestion_id, metric);
        audit(db, request, "suggest.target",
              '#' + std::to_string(improvement->suggestion_id) + " " + metric,
              now_ms(context.clock));
        return Outcome{true,
                       title(db, improvement->suggestion_id) + " now targets `" + metric +
                           "`; the digest's weekly view compares it before and after the done "
                           "date.",
                       {}};
    });
}

Reply status(const Request& request, const Args& args, Context& context) {
    if (!args.tokens.empty()) return no_arguments_expected(args);
    if (context.db == nullptr) return ephemeral_reply("Suggestions need the database.");
    storage::Database& db = *context.db;
    const LocalDate today = today_in(db, request.channel_id, context);
    const std::string open =
        open_improvement_lines(db, request.channel_id, today, now_ms(context.clock));
    std::string text = "*Open improvements*" + (open.empty() ? "\nNone." : open);

    text += "\n*Done*";
    const auto done = storage::Improvements(db).done(request.channel_id, 10);
    if (done.empty()) text += "\nNothing yet.";
    for (const auto& improvement : done) {
        const auto created = local_date_of(
            load_channel_config(db, request.channel_id).zone,
            std::chrono::floor<std::chrono::seconds>(from_unix_ms(improvement.created_at)));
        const auto finished = parse_iso_date(improvement.done_date);
        text += "\n• " + title(db, improvement.suggestion_id) + " — done " + improvement.done_date;
        if (finished) {
            text += " after " + std::to_string((*finished - created).count()) + " days";
        }
        if (!improvement.metric.empty()) {
            text += ", targets `" + improvement.metric + "`";
            const auto config = load_channel_config(db, request.channel_id);
            const auto effect = finished ? before_after(db, request.channel_id, improvement.metric,
                                                        *finished, today, config.zone)
                                         : std::nullopt;
            text += effect ? "\n    " + describe(*effect) : "\n    (no data on both sides yet)";
        }
    }
    text += '\n' + streak_text(done_streak(db, request.channel_id, today));

    const auto procedures = storage::Suggestions(db).procedures(request.channel_id);
    if (!procedures.empty()) {
        text += "\n*Procedures named in suggestions*: ";
        for (std::size_t i = 0; i < procedures.size(); ++i) {
            text += (i == 0 ? "`#" : ", `#") + procedures[i].first + "` (" +
                    std::to_string(procedures[i].second) + ")";
        }
    }
    return ephemeral_reply(truncate_utf8(text, 3900));
}

}  // namespace ritualbot::commands::suggestions
