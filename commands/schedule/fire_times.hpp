#pragma once
// When a ritual fires: at a local time of day, on the local dates a predicate accepts (working
// days that are not holidays, the first working day of each week, …), in a channel's zone.
// "Latest at or before now" tells the scheduler which run is due; "next after now" tells the
// timer when to wake. Pure; safe from any thread.

#include <chrono>
#include <functional>
#include <optional>

#include "commands/schedule/local_time.hpp"

namespace ritualbot::commands {

struct FireRule {
    const date::time_zone* zone = nullptr;
    std::chrono::minutes time_of_day{0};
    std::function<bool(LocalDate)> is_fire_date;
};

struct FireTime {
    LocalDate date;  // local date of the run (the key the scheduler records)
    std::chrono::sys_seconds at;
};

// A rule that accepts no date in this window (every day a holiday) never fires.
inline constexpr int kFireSearchDays = 400;

std::optional<FireTime> latest_fire_at_or_before(const FireRule& rule,
                                                 std::chrono::sys_seconds now);
std::optional<FireTime> next_fire_after(const FireRule& rule, std::chrono::sys_seconds now);

// The fire date on or after / strictly after `date`, within kFireSearchDays.
std::optional<LocalDate> fire_date_on_or_after(const FireRule& rule, LocalDate date);

}  // namespace ritualbot::commands
