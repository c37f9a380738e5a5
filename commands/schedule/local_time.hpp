#pragma once
// Local calendar time in a channel's IANA time zone (Howard Hinnant's date/tz, the system tz
// database): finding a zone by name, turning a local date and time of day into a UTC instant,
// and the working-day mask. Pure functions of their arguments; safe from any thread once the
// tz database is loaded (date/tz loads it on first use).
//
// DST rules, chosen so a daily ritual fires exactly once per local date:
// - a local time that does not exist that day (02:30 when clocks spring forward from 02:00 to
//   03:00) fires at the first instant after the gap, i.e. 03:00 local;
// - a local time that happens twice (02:30 when clocks fall back from 03:00 to 02:00) fires at
//   its first occurrence, the one still on summer time.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include <date/tz.h>

#include "commands/result.hpp"

namespace ritualbot::commands {

using LocalDate = date::local_days;

// Refuses an unknown name with an example of a valid one.
Result<const date::time_zone*> find_zone(std::string_view name);

// The instant `time_of_day` after local midnight of `date`, by the DST rules above.
std::chrono::sys_seconds to_utc(const date::time_zone* zone, LocalDate date,
                                std::chrono::minutes time_of_day);

// The local calendar date at `instant`.
LocalDate local_date_of(const date::time_zone* zone, std::chrono::sys_seconds instant);

std::string format_date(LocalDate date);                         // 2026-11-27
std::string format_day(LocalDate date);                          // Fri 27 Nov
std::optional<LocalDate> parse_iso_date(std::string_view text);  // as stored; nullopt if bad
Result<LocalDate> parse_user_date(std::string_view text);        // as typed, with a usable error

// "09:00" or "9:00", 00:00..23:59.
Result<std::chrono::minutes> parse_time_of_day(std::string_view text);
std::string format_time_of_day(std::chrono::minutes time_of_day);  // 09:00

std::int64_t to_unix_ms(std::chrono::sys_seconds instant);
std::chrono::sys_seconds from_unix_ms(std::int64_t ms);

// Days of the week a crew works; bit 0 Monday .. bit 6 Sunday (ISO order), as stored.
class WorkingDays {
public:
    static constexpr int kMondayToFriday = 0b0011111;

    constexpr WorkingDays() = default;
    constexpr explicit WorkingDays(int mask) : mask_(mask & 0x7F) {}

    bool contains(date::weekday day) const { return (mask_ >> bit(day)) & 1; }
    bool contains(LocalDate date) const { return contains(date::weekday{date}); }
    bool empty() const { return mask_ == 0; }
    int mask() const { return mask_; }

    // "mon-fri", "mon,wed,fri", "sun-thu", "weekdays", "all"; never empty.
    static Result<WorkingDays> parse(std::string_view text);
    std::string to_string() const;  // "Mon–Fri", "Mon, Wed, Fri", "every day"

private:
    static unsigned bit(date::weekday day) { return day.iso_encoding() - 1; }

    int mask_ = kMondayToFriday;
};

}  // namespace ritualbot::commands
