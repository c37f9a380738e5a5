#include "bot/sandbox/sandbox_clock.hpp"

#include "commands/clock.hpp"
#include "commands/outliers/quarterly_review.hpp"
#include "commands/schedule/local_time.hpp"
#include "commands/schedule/schedule_reads.hpp"

namespace ritualbot::bot::sandbox {
namespace {

using std::chrono::system_clock;

std::int64_t to_ms(system_clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

// The first local `time_of_day` strictly after `now` on a day that `on` accepts.
template <typename DayFilter>
system_clock::time_point next_local(system_clock::time_point now, const date::time_zone* zone,
                                    std::chrono::minutes time_of_day, DayFilter on) {
    const auto now_s = std::chrono::floor<std::chrono::seconds>(now);
    const commands::LocalDate today = commands::local_date_of(zone, now_s);
    for (int i = 0; i < 15; ++i) {
        const commands::LocalDate day = today + date::days{i};
        if (!on(day)) continue;
        const auto at = commands::to_utc(zone, day, time_of_day);
        if (at > now_s) return at;
    }
    return now;  // unreachable: every filter accepts some day within two weeks
}

}  // namespace

SandboxClock::SandboxClock(system_clock::time_point start)
    : offset_ms_(to_ms(start) - to_ms(system_clock::now())) {}

system_clock::time_point SandboxClock::now() const {
    return system_clock::now() + std::chrono::milliseconds(offset_ms_.load());
}

std::int64_t SandboxClock::now_ms() const {
    return to_ms(now());
}

void SandboxClock::set(system_clock::time_point t) {
    offset_ms_.store(to_ms(t) - to_ms(system_clock::now()));
}

std::optional<system_clock::time_point> clock_target(const std::string& action,
                                                     system_clock::time_point now,
                                                     const date::time_zone* zone) {
    using namespace std::chrono;
    if (action == "plus_hour") return now + hours{1};
    if (action == "plus_day") return now + hours{24};
    if (action == "next_0900")
        return next_local(now, zone, hours{9}, [](commands::LocalDate) { return true; });
    if (action == "next_friday_1500") {
        return next_local(now, zone, hours{15}, [](commands::LocalDate day) {
            return date::weekday{day} == date::Friday;
        });
    }
    return std::nullopt;
}

std::optional<system_clock::time_point> next_quarterly_review(storage::Database& db,
                                                              system_clock::time_point now) {
    const commands::ManualClock at(now);
    commands::Context context{&db, at};
    commands::ScheduleReads reads(db);
    const auto next = commands::make_quarterly_review()->next_after(
        context, reads, std::chrono::floor<std::chrono::seconds>(now));
    if (!next) return std::nullopt;
    return *next;
}

}  // namespace ritualbot::bot::sandbox
