#include "commands/schedule/fire_times.hpp"

namespace ritualbot::commands {

// Each date's fire instant lies within that local date (a gap pushes it later the same day, an
// overlap picks the earlier one), so fire instants increase with the date and a walk by date
// from the local date of `now` finds the answer in a step or two.

std::optional<FireTime> latest_fire_at_or_before(const FireRule& rule,
                                                 std::chrono::sys_seconds now) {
    const LocalDate today = local_date_of(rule.zone, now);
    for (int back = 0; back <= kFireSearchDays; ++back) {
        const LocalDate date = today - date::days{back};
        if (!rule.is_fire_date(date)) continue;
        const auto at = to_utc(rule.zone, date, rule.time_of_day);
        if (at <= now) return FireTime{date, at};
    }
    return std::nullopt;
}

std::optional<FireTime> next_fire_after(const FireRule& rule, std::chrono::sys_seconds now) {
    const LocalDate today = local_date_of(rule.zone, now);
    for (int ahead = 0; ahead <= kFireSearchDays; ++ahead) {
        const LocalDate date = today + date::days{ahead};
        if (!rule.is_fire_date(date)) continue;
        const auto at = to_utc(rule.zone, date, rule.time_of_day);
        if (at > now) return FireTime{date, at};
    }
    return std::nullopt;
}

std::optional<LocalDate> fire_date_on_or_after(const FireRule& rule, LocalDate date) {
    for (int ahead = 0; ahead <= kFireSearchDays; ++ahead) {
        const LocalDate candidate = date + date::days{ahead};
        if (rule.is_fire_date(candidate)) return candidate;
    }
    return std::nullopt;
}

}  // namespace ritualbot::commands
