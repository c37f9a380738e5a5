#include "commands/schedule/local_time.hpp"

#include <array>
#include <charconv>
#include <stdexcept>

#include "commands/tokenizer.hpp"

namespace ritualbot::commands {
namespace {

constexpr std::array<std::string_view, 7> kDayNames = {"mon", "tue", "wed", "thu",
                                                       "fri", "sat", "sun"};
constexpr std::array<std::string_view, 7> kDayLabels = {"Mon", "Tue", "Wed", "Thu",
                                                        "Fri", "Sat", "Sun"};

std::optional<int> day_index(std::string_view word) {
    const std::string lower = to_lower(word);
    for (std::size_t i = 0; i < kDayNames.size(); ++i) {
        // "monday", "Mon", "mon" all name Monday.
        if (lower.size() >= 3 && lower.starts_with(kDayNames[i])) return static_cast<int>(i);
    }
    return std::nullopt;
}

}  // namespace

Result<const date::time_zone*> find_zone(std::string_view name) {
    const std::string error = '"' + escape_mrkdwn(name) +
                              "\" is not a time zone; use an IANA name such as Europe/Berlin or "
                              "America/New_York";
    if (name.empty() || name.size() > 64) return Error{error};
    try {
        return date::locate_zone(name);
    } catch (const std::runtime_error&) {
        return Error{error};
    }
}

std::chrono::sys_seconds to_utc(const date::time_zone* zone, LocalDate date,
                                std::chrono::minutes time_of_day) {
    const date::local_seconds local{date + time_of_day};
    // choose::earliest gives the first occurrence of an ambiguous time; for a nonexistent one
    // date/tz returns the end of the gap, the first instant that exists after it.
    return zone->to_sys(local, date::choose::earliest);
}

LocalDate local_date_of(const date::time_zone* zone, std::chrono::sys_seconds instant) {
    return date::floor<date::days>(zone->to_local(instant));
}

std::string format_date(LocalDate date) {
    return date::format("%F", date);
}

std::string format_day(LocalDate date) {
    const date::year_month_day ymd{date};
    return std::string(kDayLabels[date::weekday{date}.iso_encoding() - 1]) + " " +
           std::to_string(static_cast<unsigned>(ymd.day())) + " " + date::format("%b", ymd.month());
}

std::optional<LocalDate> parse_iso_date(std::string_view text) {
    const auto parsed = parse_date(text);
    if (!parsed) return std::nullopt;
    const std::chrono::year_month_day& ymd = *parsed;
    return LocalDate{date::year_month_day{date::year{static_cast<int>(ymd.year())},
                                          date::month{static_cast<unsigned>(ymd.month())},
                                          date::day{static_cast<unsigned>(ymd.day())}}};
}

Result<LocalDate> parse_user_date(std::string_view text) {
    const auto parsed = parse_date(text);
    if (!parsed) return Error{parsed.error()};
    return *parse_iso_date(text);
}

Result<std::chrono::minutes> parse_time_of_day(std::string_view text) {
    const std::string error = '"' + escape_mrkdwn(text) +
                              "\" is not a time of day; use HH:MM on a 24-hour clock, e.g. 09:00";
    const std::size_t colon = text.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon > 2 ||
        text.size() - colon - 1 != 2) {
        return Error{error};
    }
    const auto number = [](std::string_view digits) -> std::optional<int> {
        int n = 0;
        const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
        if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
        return n;
    };
    const auto hours = number(text.substr(0, colon));
    const auto minutes = number(text.substr(colon + 1));
    if (!hours || !minutes || *hours < 0 || *hours > 23 || *minutes < 0 || *minutes > 59) {
        return Error{error};
    }
    return std::chrono::minutes{*hours * 60 + *minutes};
}

std::string format_time_of_day(std::chrono::minutes time_of_day) {
    const auto count = time_of_day.count();
    const auto two = [](long long n) {
        return n < 10 ? '0' + std::to_string(n) : std::to_string(n);
    };
    return two(count / 60) + ":" + two(count % 60);
}

std::int64_t to_unix_ms(std::chrono::sys_seconds instant) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(instant.time_since_epoch())
        .count();
}

std::chrono::sys_seconds from_unix_ms(std::int64_t ms) {
    return std::chrono::floor<std::chrono::seconds>(
        std::chrono::sys_time<std::chrono::milliseconds>{std::chrono::milliseconds{ms}});
}

Result<WorkingDays> WorkingDays::parse(std::string_view text) {
    const std::string error = '"' + escape_mrkdwn(text) +
                              "\" is not a set of days; use e.g. mon-fri, sun-thu or "
                              "mon,tue,thu";
    const std::string lower = to_lower(text);
    if (lower == "weekdays") return WorkingDays{kMondayToFriday};
    if (lower == "all" || lower == "every" || lower == "daily") return WorkingDays{0x7F};
    int mask = 0;
    std::string_view rest = lower;
    while (!rest.empty()) {
        const std::size_t comma = rest.find(',');
        const std::string_view part = rest.substr(0, comma);
        rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
        const std::size_t dash = part.find('-');
        const auto first = day_index(part.substr(0, dash));
        if (!first) return Error{error};
        if (dash == std::string_view::npos) {
            mask |= 1 << *first;
            continue;
        }
        const auto last = day_index(part.substr(dash + 1));
        if (!last) return Error{error};
        // A range may wrap the week: sun-thu is Sunday to Thursday.
        for (int day = *first;; day = (day + 1) % 7) {
            mask |= 1 << day;
            if (day == *last) break;
        }
    }
    if (mask == 0) return Error{error};
    return WorkingDays{mask};
}

std::string WorkingDays::to_string() const {
    if (mask_ == 0x7F) return "every day";
    // A single run of days (possibly wrapping Sunday to Monday) reads best as a range.
    int runs = 0;
    int run_start = -1;
    for (int day = 0; day < 7; ++day) {
        const bool on = (mask_ >> day) & 1;
        const bool before = (mask_ >> ((day + 6) % 7)) & 1;
        if (on && !before) {
            ++runs;
            run_start = day;
        }
    }
    if (runs == 1) {
        int run_end = run_start;
        while ((mask_ >> ((run_end + 1) % 7)) & 1) run_end = (run_end + 1) % 7;
        if (run_end == run_start) return std::string(kDayLabels[run_start]);
        return std::string(kDayLabels[run_start]) + "–" + std::string(kDayLabels[run_end]);
    }
    std::string out;
    for (int day = 0; day < 7; ++day) {
        if (((mask_ >> day) & 1) == 0) continue;
        if (!out.empty()) out += ", ";
        out += kDayLabels[day];
    }
    return out;
}

}  // namespace ritualbot::commands
