#include "commands/channel/setting_keys.hpp"

#include <array>

#include "commands/channel/channel_config.hpp"
#include "commands/channel/usergroup_handover.hpp"
#include "commands/outliers/digest_ritual.hpp"
#include "commands/outliers/quarterly_review.hpp"
#include "commands/outliers/weekly_review.hpp"
#include "storage/channel_settings.hpp"
#include "storage/outlier_settings.hpp"
#include "storage/suggestions_settings.hpp"

namespace ritualbot::commands {
namespace {

using storage::SuggestionSetting;
using Tokens = std::vector<Token>;

constexpr std::array<std::string_view, 7> kDays = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

// The one word a single-valued key takes, or the key's error.
Result<std::string> one_word(const Tokens& value, std::string_view values) {
    if (value.size() != 1 || value[0].kind != TokenKind::word) {
        return Error{std::string("Give one value: ").append(values).append(".")};
    }
    return value[0].value;
}

std::optional<int> parse_weekday(std::string_view text) {
    const std::string lower = to_lower(text);
    for (std::size_t i = 0; i < kDays.size(); ++i) {
        if (lower.size() >= 3 && lower.starts_with(kDays[i])) return static_cast<int>(i) + 1;
    }
    return std::nullopt;
}

// "Fri 15:00"
std::string weekday_time(int weekday, int minute) {
    std::string day(kDays[static_cast<std::size_t>(weekday - 1)]);
    day[0] = static_cast<char>(day[0] - 'a' + 'A');
    return day + " " + format_time_of_day(std::chrono::minutes{minute});
}

std::string digest_time_text(storage::Database& db, const std::string& channel) {
    const ChannelConfig config = load_channel_config(db, channel);
    const bool set = storage::OutlierSettingsStore(db).get(channel).digest_minute.has_value();
    std::string text = format_time_of_day(digest_time(db, channel, config));
    text.append(" ").append(config.zone->name());
    if (!set) {
        text.append(" (15 minutes after the captain change-over at ")
            .append(format_time_of_day(config.changeover))
            .append(")");
    }
    return text;
}

// A tag or contact path a crew maps onto a post-release signal (README "Ticket data and the
// post-release signals"): one word of at most 100 characters, no `;` (tickets separate their
// tags with it); `clear` removes the mapping (nullopt).
Result<std::optional<std::string>> signal_mapping(const Token& token) {
    constexpr std::size_t kMaxLength = 100;
    if (token.kind != TokenKind::word) return Error{"Give one tag or path, or `clear`."};
    if (to_lower(token.value) == "clear") return std::optional<std::string>{};
    if (token.value.size() > kMaxLength) {
        return Error{std::string("A tag or path has at most ")
                         .append(std::to_string(kMaxLength))
                         .append(" characters.")};
    }
    if (token.value.find(';') != std::string::npos) {
        return Error{"A tag or path has no `;` (tickets separate their tags with it)."};
    }
    return std::optional<std::string>{token.value};
}

std::string mapping_text(const std::optional<std::string>& value) {
    if (!value) return "none";
    return std::string("`").append(escape_mrkdwn(*value)).append("`");
}

// A value written to one outlier_settings mapping column.
SettingValue mapping_value(storage::OutlierMapping which, std::optional<std::string> value,
                           std::string shown) {
    return {[which, value](storage::Database& db, const std::string& channel, std::int64_t now) {
                storage::OutlierSettingsStore(db).set_mapping(channel, which, value, now);
            },
            std::move(shown)};
}

storage::ChannelSettings channel_settings(storage::Database& db, const std::string& channel) {
    return storage::ChannelSettingsStore(db).get(channel);
}

storage::SuggestionSettings suggestion_settings(storage::Database& db, const std::string& channel) {
    return storage::SuggestionSettingsStore(db).get(channel);
}

// A value written to one suggestion_settings column.
SettingValue suggestion_value(SuggestionSetting setting, int value, std::string shown) {
    return {[setting, value](storage::Database& db, const std::string& channel, std::int64_t now) {
                storage::SuggestionSettingsStore(db).set(channel, setting, value, now);
            },
            std::move(shown)};
}

// suggest.votes and suggest.due: a whole number in [min, max].
SettingKey suggestion_number(std::string name, std::string help, SuggestionSetting setting, int min,
                             int max, std::string unit, int storage::SuggestionSettings::*field) {
    std::string values = std::to_string(min) + "–" + std::to_string(max);
    return {std::move(name), values, std::move(help),
            [=](const Tokens& value) -> Result<SettingValue> {
                const auto word = one_word(value, values);
                if (!word) return Error{word.error()};
                const auto n = parse_int(*word, min, max);
                if (!n) return Error{n.error()};
                return suggestion_value(setting, *n, std::to_string(*n) + unit);
            },
            [=](storage::Database& db, const std::string& channel) {
                return std::to_string(suggestion_settings(db, channel).*field) + unit;
            }};
}

// "fri 15:00": the ISO weekday (1 Monday .. 7 Sunday) and the minute after local midnight.
Result<std::pair<int, int>> parse_day_time(const Tokens& value) {
    if (value.size() != 2 || value[0].kind != TokenKind::word || value[1].kind != TokenKind::word) {
        return Error{"Give a day and a time, e.g. `fri 15:00`."};
    }
    const auto day = parse_weekday(value[0].value);
    if (!day) {
        return Error{
            std::string("\"").append(to_mrkdwn(value[0])).append("\" is not a day (mon … sun).")};
    }
    const auto time = parse_time_of_day(value[1].value);
    if (!time) return Error{time.error()};
    return std::pair<int, int>{*day, static_cast<int>(time->count())};
}

// review.time and review.quarter: a weekday and a local time, or `default`.
using ReviewSetter = void (storage::OutlierSettingsStore::*)(const std::string&,
                                                             std::optional<storage::ReviewTime>,
                                                             std::int64_t);
SettingKey review_moment(std::string name, std::string_view example, std::string help,
                         ReviewSetter set, std::string default_text,
                         std::string (*read)(storage::Database&, const std::string&)) {
    return {
        std::move(name), std::string("DAY HH:MM|default (e.g. ").append(example).append(")"),
        std::move(help),
        [=](const Tokens& value) -> Result<SettingValue> {
            std::optional<storage::ReviewTime> time;
            if (value.size() != 1 || to_lower(value[0].value) != "default") {
                const auto moment = parse_day_time(value);
                if (!moment) return Error{moment.error()};
                time = storage::ReviewTime{moment->first, moment->second};
            }
            return SettingValue{
                [time, set](storage::Database& db, const std::string& channel, std::int64_t now) {
                    (storage::OutlierSettingsStore(db).*set)(channel, time, now);
                },
                time ? weekday_time(time->weekday, time->minute)
                     : "the default (" + default_text + ")"};
        },
        read};
}

// suggest.call, suggest.open and suggest.close: a weekday and a local time.
SettingKey suggestion_moment(std::string name, std::string help, SuggestionSetting day_setting,
                             SuggestionSetting minute_setting,
                             int storage::SuggestionSettings::*day_field,
                             int storage::SuggestionSettings::*minute_field) {
    return {std::move(name), "DAY HH:MM (e.g. fri 15:00)", std::move(help),
            [=](const Tokens& value) -> Result<SettingValue> {
                const auto moment = parse_day_time(value);
                if (!moment) return Error{moment.error()};
                const auto [day, minute] = *moment;
                SettingValue day_value = suggestion_value(day_setting, day, {});
                SettingValue minute_value = suggestion_value(minute_setting, minute, {});
                return SettingValue{
                    [day_value, minute_value](storage::Database& db, const std::string& channel,
                                              std::int64_t now) {
                        day_value.write(db, channel, now);
                        minute_value.write(db, channel, now);
                    },
                    weekday_time(day, minute)};
            },
            [=](storage::Database& db, const std::string& channel) {
                const auto settings = suggestion_settings(db, channel);
                return weekday_time(settings.*day_field, settings.*minute_field);
            }};
}

std::vector<SettingKey> make_setting_keys() {
    using Db = storage::Database;
    using Store = storage::ChannelSettingsStore;
    using S = storage::SuggestionSettings;
    std::vector<SettingKey> keys;
    keys.push_back(
        {"tz", "an IANA zone (e.g. Europe/Berlin)", "The crew's time zone, for every ritual",
         [](const Tokens& value) -> Result<SettingValue> {
             const auto word = one_word(value, "an IANA zone such as Europe/Berlin");
             if (!word) return Error{word.error()};
             const auto zone = find_zone(*word);
             if (!zone) return Error{zone.error()};
             const std::string name{(*zone)->name()};
             return SettingValue{[name](Db& db, const std::string& channel, std::int64_t now) {
                                     Store(db).set_time_zone(channel, name, now);
                                 },
                                 escape_mrkdwn(name)};
         },
         [](Db& db, const std::string& channel) {
             return escape_mrkdwn(channel_settings(db, channel).time_zone);
         },
         true});
    std::string metrics;
    for (const std::string_view metric : kCrewMetrics) {
        metrics.append(metrics.empty() ? "" : "|").append(metric);
    }
    keys.push_back(
        {"metric", metrics, "The crew's one customer-centric metric",
         [metrics](const Tokens& value) -> Result<SettingValue> {
             const auto word = one_word(value, metrics);
             if (!word) return Error{word.error()};
             const std::string metric = to_lower(*word);
             bool known = false;
             for (const std::string_view name : kCrewMetrics) known = known || metric == name;
             if (!known) {
                 return Error{std::string("\"")
                                  .append(escape_mrkdwn(*word))
                                  .append("\" is not a crew metric; use ")
                                  .append(metrics)
                                  .append(".")};
             }
             return SettingValue{[metric](Db& db, const std::string& channel, std::int64_t now) {
                                     Store(db).set_metric(channel, metric, now);
                                 },
                                 metric};
         },
         [](Db& db, const std::string& channel) { return channel_settings(db, channel).metric; }});
    keys.push_back({"captain.period", "daily|weekly", "How long each captain's shift lasts",
                    [](const Tokens& value) -> Result<SettingValue> {
                        const auto word = one_word(value, "daily|weekly");
                        const auto period =
                            word ? storage::parse_captain_period(to_lower(*word)) : std::nullopt;
                        if (!period) return Error{"The period is `daily` or `weekly`."};
                        return SettingValue{
                            [p = *period](Db& db, const std::string& channel, std::int64_t now) {
                                Store(db).set_captain_period(channel, p, now);
                            },
                            storage::to_string(*period)};
                    },
                    [](Db& db, const std::string& channel) {
                        return storage::to_string(channel_settings(db, channel).captain_period);
                    },
                    true});
    keys.push_back(
        {"captain.days", "mon-fri, sun-thu, mon,wed,fri, all…", "The crew's working days",
         [](const Tokens& value) -> Result<SettingValue> {
             const auto word = one_word(value, "days such as mon-fri");
             if (!word) return Error{word.error()};
             const auto days = WorkingDays::parse(*word);
             if (!days) return Error{days.error()};
             return SettingValue{
                 [mask = days->mask()](Db& db, const std::string& channel, std::int64_t now) {
                     Store(db).set_working_days(channel, mask, now);
                 },
                 days->to_string()};
         },
         [](Db& db, const std::string& channel) {
             return load_channel_config(db, channel).days.to_string();
         },
         true});
    keys.push_back({"captain.time", "HH:MM", "When the captain changes over, local time",
                    [](const Tokens& value) -> Result<SettingValue> {
                        const auto word = one_word(value, "a time such as 09:00");
                        if (!word) return Error{word.error()};
                        const auto time = parse_time_of_day(*word);
                        if (!time) return Error{time.error()};
                        return SettingValue{
                            [minute = static_cast<int>(time->count())](
                                Db& db, const std::string& channel, std::int64_t now) {
                                Store(db).set_changeover_minute(channel, minute, now);
                            },
                            format_time_of_day(*time)};
                    },
                    [](Db& db, const std::string& channel) {
                        return format_time_of_day(load_channel_config(db, channel).changeover);
                    },
                    true});
    keys.push_back(
        {"captain.usergroup", "@group|none",
         "The Slack user group that always holds the captain on duty",
         [](const Tokens& value) -> Result<SettingValue> {
             const bool none = value.size() == 1 && value[0].kind == TokenKind::word &&
                               to_lower(value[0].value) == "none";
             if (value.size() != 1 || (value[0].kind != TokenKind::usergroup && !none)) {
                 return Error{"Pick the user group with @ (e.g. @support-captain), or say `none`."};
             }
             const std::string group = none ? std::string() : value[0].value;
             return SettingValue{[group](Db& db, const std::string& channel, std::int64_t now) {
                                     Store(db).set_usergroup(channel, group, now);
                                 },
                                 none ? "none" : value[0].raw};
         },
         [](Db& db, const std::string& channel) {
             const std::string group = channel_settings(db, channel).usergroup;
             return group.empty() ? std::string("none") : "<!subteam^" + group + ">";
         }});
    keys.back().authorize = usergroup_handover;
    keys.push_back({"digest.time", "HH:MM|default", "When the outlier digest is posted, local time",
                    [](const Tokens& value) -> Result<SettingValue> {
                        const auto word = one_word(value, "a time such as 09:15, or `default`");
                        if (!word) return Error{word.error()};
                        std::optional<int> minute;
                        if (to_lower(*word) != "default") {
                            const auto time = parse_time_of_day(*word);
                            if (!time) return Error{time.error()};
                            minute = static_cast<int>(time->count());
                        }
                        return SettingValue{
                            [minute](Db& db, const std::string& channel, std::int64_t now) {
                                storage::OutlierSettingsStore(db).set_digest_minute(channel, minute,
                                                                                    now);
                            },
                            minute ? format_time_of_day(std::chrono::minutes{*minute})
                                   : "the default (15 minutes after the captain change-over)"};
                    },
                    digest_time_text});
    keys.push_back(review_moment("review.time", "fri 11:00",
                                 "When the weekly review with the trend picture is posted, local "
                                 "time",
                                 &storage::OutlierSettingsStore::set_review_time, "Fri 11:00",
                                 review_time_text));
    keys.push_back(review_moment(
        "review.quarter", "mon 11:00",
        "When the quarterly review is posted: the first such day of each quarter (the next "
        "working day if it is a holiday), local time",
        &storage::OutlierSettingsStore::set_quarter_time,
        "first Mon of the quarter at the weekly review's time of day", quarter_time_text));
    keys.push_back(
        {"digest.flag", "repeat_info|policy_exception TAG|clear",
         "The ticket tag that marks repeat information or a policy exception, for data without "
         "that column",
         [](const Tokens& value) -> Result<SettingValue> {
             if (value.size() != 2 || value[0].kind != TokenKind::word) {
                 return Error{
                     "Give the flag and its tag, e.g. `repeat_info asked-twice`, or "
                     "`repeat_info clear`."};
             }
             const std::string flag = to_lower(value[0].value);
             if (flag != "repeat_info" && flag != "policy_exception") {
                 return Error{"The flags are `repeat_info` and `policy_exception`."};
             }
             const auto tag = signal_mapping(value[1]);
             if (!tag) return Error{tag.error()};
             return mapping_value(flag == "repeat_info"
                                      ? storage::OutlierMapping::repeat_info_tag
                                      : storage::OutlierMapping::policy_exception_tag,
                                  *tag, flag + " " + mapping_text(*tag));
         },
         [](Db& db, const std::string& channel) {
             const auto settings = storage::OutlierSettingsStore(db).get(channel);
             return std::string("repeat_info ")
                 .append(mapping_text(settings.repeat_info_tag))
                 .append(", policy_exception ")
                 .append(mapping_text(settings.policy_exception_tag));
         }});
    keys.push_back(
        {"digest.selfservice", "PATH|clear",
         "The contact path whose tickets count as answered without an agent, for data without "
         "a `deflected` column",
         [](const Tokens& value) -> Result<SettingValue> {
             if (value.size() != 1) return Error{"Give one contact path, or `clear`."};
             const auto path = signal_mapping(value[0]);
             if (!path) return Error{path.error()};
             return mapping_value(storage::OutlierMapping::selfservice_path, *path,
                                  mapping_text(*path));
         },
         [](Db& db, const std::string& channel) {
             return mapping_text(storage::OutlierSettingsStore(db).get(channel).selfservice_path);
         }});
    keys.push_back(suggestion_number("suggest.votes", "Votes each person has in a round",
                                     SuggestionSetting::votes_per_person, 1, 20, "",
                                     &S::votes_per_person));
    keys.push_back(
        {"suggest.live", "on|off", "Whether tallies show while the vote is open",
         [](const Tokens& value) -> Result<SettingValue> {
             const auto word = one_word(value, "on|off");
             const std::string lower = word ? to_lower(*word) : std::string();
             if (lower != "on" && lower != "off") return Error{"Live tallies are `on` or `off`."};
             return suggestion_value(SuggestionSetting::live_tallies, lower == "on" ? 1 : 0, lower);
         },
         [](Db& db, const std::string& channel) {
             return std::string(suggestion_settings(db, channel).live_tallies ? "on" : "off");
         }});
    keys.push_back(suggestion_moment(
        "suggest.call", "When the call for suggestions is posted", SuggestionSetting::call_weekday,
        SuggestionSetting::call_minute, &S::call_weekday, &S::call_minute));
    keys.push_back(
        suggestion_moment("suggest.open", "When the ballot opens", SuggestionSetting::open_weekday,
                          SuggestionSetting::open_minute, &S::open_weekday, &S::open_minute));
    keys.push_back(
        suggestion_moment("suggest.close", "When the vote closes", SuggestionSetting::close_weekday,
                          SuggestionSetting::close_minute, &S::close_weekday, &S::close_minute));
    keys.push_back(suggestion_number("suggest.due", "Days a winning improvement has until due",
                                     SuggestionSetting::due_days, 1, 90, " days", &S::due_days));
    return keys;
}

}  // namespace

std::string_view SettingKey::ritual() const {
    const std::size_t dot = name.find('.');
    return dot == std::string::npos ? std::string_view() : std::string_view(name).substr(0, dot);
}

const std::vector<SettingKey>& setting_keys() {
    static const std::vector<SettingKey> keys = make_setting_keys();
    return keys;
}

const SettingKey* find_setting_key(std::string_view name) {
    const std::string wanted = to_lower(name);
    for (const SettingKey& key : setting_keys()) {
        if (key.name == wanted) return &key;
    }
    return nullptr;
}

}  // namespace ritualbot::commands
