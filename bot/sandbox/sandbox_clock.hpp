#pragma once
// The sandbox's injected clock: the wall clock plus an offset that the page's clock control
// moves forward, so time runs on by itself (a ritual due at 09:00 fires if the sandbox is left
// running) and "jump to next Friday 15:00" is one click. The bot's scheduler and rituals read
// it (through ClockOverride) on the bot's thread while the page moves it from the emulator's
// thread, so the offset is one atomic.

#include "commands/clock.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "storage/database.hpp"

namespace date {
class time_zone;
}

namespace ritualbot::bot::sandbox {

class SandboxClock final : public commands::Clock {
public:
    explicit SandboxClock(std::chrono::system_clock::time_point start);
    std::chrono::system_clock::time_point now() const override;
    std::int64_t now_ms() const;
    void set(std::chrono::system_clock::time_point t);  // from now on, time runs on from t

private:
    std::atomic<std::int64_t> offset_ms_;
};

// Where a clock-control action moves `now`, in the crew's `zone`: "plus_hour", "plus_day",
// "next_0900" (the next 09:00 local, when the captain changes over by default) and
// "next_friday_1500" (the next Friday 15:00 local, the suggestion vote). nullopt for an
// unknown action. Pure.
std::optional<std::chrono::system_clock::time_point> clock_target(
    const std::string& action, std::chrono::system_clock::time_point now,
    const date::time_zone* zone);

// The clock action that moves to the crew's next quarterly review (next_quarterly_review).
inline constexpr std::string_view kNextQuarterReview = "next_quarter_review";

// When the next quarterly review after `now` is posted in any channel of `db` (its day and time
// as the crew set them); nullopt when none is scheduled.
std::optional<std::chrono::system_clock::time_point> next_quarterly_review(
    storage::Database& db, std::chrono::system_clock::time_point now);

}  // namespace ritualbot::bot::sandbox
