// `/suggest config [KEY VALUE]`: shows the ritual's settings, or changes one (admins).
// Every value is validated before anything is written.

#include <array>

#include "commands/channel/admins.hpp"
#include "commands/channel/audit.hpp"
#include "commands/clock.hpp"
#include "commands/replies.hpp"
#include "commands/suggestions/suggestion_handlers.hpp"
#include "storage/suggestions_settings.hpp"

namespace ritualbot::commands::suggestions {
namespace {

using storage::SuggestionSetting;

constexpr std::array<std::string_view, 7> kDays = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

std::optional<int> parse_weekday(std::string_view text) {
    const std::string lower = to_lower(text);
    for (std::size_t i = 0; i < kDays.size(); ++i) {
        if (lower.size() >= 3 && lower.starts_with(kDays[i])) return static_cast<int>(i) + 1;
    }
    return std::nullopt;
}

std::string when(int weekday, int minute) {
    std::string day(kDays[static_cast<std::size_t>(weekday - 1)]);
    day[0] = static_cast<char>(day[0] - 'a' + 'A');
    return day + " " + format_time_of_day(std::chrono::minutes{minute});
}

std::string show(const storage::SuggestionSettings& s) {
    return "*Suggestion settings*\n• votes per person: " + std::to_string(s.votes_per_person) +
           "\n• live tallies: " + (s.live_tallies ? "on" : "off") +
           "\n• call for suggestions: " + when(s.call_weekday, s.call_minute) +
           "\n• ballot opens: " + when(s.open_weekday, s.open_minute) +
           "\n• vote closes: " + when(s.close_weekday, s.close_minute) +
           "\n• improvements due after: " + std::to_string(s.due_days) + " days" +
           "\nTimes are in the channel's zone (`/captain config tz …`).";
}

struct Change {
    std::vector<std::pair<SuggestionSetting, int>> writes;
    std::string shown;
};

Result<Change> parse_change(const Args& args) {
    const std::string key = to_lower(args.tokens[0].value);
    const auto word = [&](std::size_t i) -> std::string {
        return i < args.tokens.size() && args.tokens[i].kind == TokenKind::word
                   ? args.tokens[i].value
                   : std::string();
    };
    if (key == "votes" || key == "due") {
        if (args.tokens.size() != 2) return Error{"Give one number."};
        const bool votes = key == "votes";
        const auto n = parse_int(word(1), 1, votes ? 20 : 90);
        if (!n) return Error{n.error()};
        return Change{
            {{votes ? SuggestionSetting::votes_per_person : SuggestionSetting::due_days, *n}},
            std::to_string(*n)};
    }
    if (key == "live") {
        const std::string value = to_lower(word(1));
        if (args.tokens.size() != 2 || (value != "on" && value != "off")) {
            return Error{"Live tallies are `on` or `off`."};
        }
        return Change{{{SuggestionSetting::live_tallies, value == "on" ? 1 : 0}}, value};
    }
    if (key == "call" || key == "open" || key == "close") {
        if (args.tokens.size() != 3) return Error{"Give a day and a time, e.g. `fri 15:00`."};
        const auto day = parse_weekday(word(1));
        if (!day) return Error{"\"" + to_mrkdwn(args.tokens[1]) + "\" is not a day (mon … sun)."};
        const auto time = parse_time_of_day(word(2));
        if (!time) return Error{time.error()};
        const int minute = static_cast<int>(time->count());
        const auto [day_setting, minute_setting] =
            key == "call"
                ? std::pair{SuggestionSetting::call_weekday, SuggestionSetting::call_minute}
            : key == "open"
                ? std::pair{SuggestionSetting::open_weekday, SuggestionSetting::open_minute}
                : std::pair{SuggestionSetting::close_weekday, SuggestionSetting::close_minute};
        return Change{{{day_setting, *day}, {minute_setting, minute}}, when(*day, minute)};
    }
    return Error{"\"" + to_mrkdwn(args.tokens[0]) +
                 "\" is not a setting; use votes, live, call, open, close or due."};
}

}  // namespace

Reply config(const Request& request, const Args& args, Context& context) {
    if (context.db == nullptr) return ephemeral_reply("Suggestions need the database.");
    if (args.tokens.empty()) {
        return ephemeral_reply(
            show(storage::SuggestionSettingsStore(*context.db).get(request.channel_id)));
    }
    if (args.tokens[0].kind != TokenKind::word) return usage_error(args, "Name a setting first.");
    const auto change = parse_change(args);
    if (!change) return usage_error(args, change.error());
    const std::string key = to_lower(args.tokens[0].value);
    return run_change(
        context,
        [&](storage::Database& db) {
            const auto now = now_ms(context.clock);
            if (auto refused = require_admin(db, request, "change the suggestion settings", now)) {
                return Outcome{false, *refused, {}};
            }
            storage::SuggestionSettingsStore store(db);
            for (const auto& [setting, value] : change->writes) {
                store.set(request.channel_id, setting, value, now);
            }
            audit(db, request, "suggest.config." + key, change->shown, now);
            return Outcome{true, "Suggestion " + key + " is now " + change->shown + ".", {}};
        },
        Visibility::in_channel);
}

}  // namespace ritualbot::commands::suggestions
