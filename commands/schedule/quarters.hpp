#pragma once
// Calendar quarters (January–March, April–June, July–September, October–December) and the day
// of a quarter a quarterly ritual fires on: the first given weekday of the quarter, moved to the
// next day the crew works when that one is a holiday or not a working day. Pure; safe from any
// thread.

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "commands/schedule/local_time.hpp"

namespace ritualbot::commands {

struct Quarter {
    int year = 1970;
    int number = 1;  // 1 .. 4

    std::chrono::year_month_day first_day() const;
    std::chrono::year_month_day last_day() const;
    int days() const;  // 90 .. 92
    Quarter previous() const;
    std::string label() const;   // "2026 Q4"
    std::string months() const;  // "Oct–Dec"

    bool operator==(const Quarter&) const = default;
};

Quarter quarter_of(std::chrono::year_month_day day);

// The first `weekday` on or after the quarter's first day; then, while `works` refuses a day
// (a holiday, a day off), the day after. nullopt when `works` refuses every day of the quarter.
std::optional<LocalDate> quarter_fire_date(const Quarter& quarter, date::weekday weekday,
                                           const std::function<bool(LocalDate)>& works);

}  // namespace ritualbot::commands
