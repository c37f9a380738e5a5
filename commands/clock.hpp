#pragma once
// The only way code in commands/ learns the time. bot/ passes the wall clock; tests and the
// sandbox pass a clock they move by hand.

#include <chrono>
#include <cstdint>

namespace ritualbot::commands {

class Clock {
public:
    virtual ~Clock() = default;
    virtual std::chrono::system_clock::time_point now() const = 0;
};

// A clock that only moves when told to. Used by tests and, later, by the sandbox clock control.
class ManualClock final : public Clock {
public:
    explicit ManualClock(std::chrono::system_clock::time_point start) : now_(start) {}
    std::chrono::system_clock::time_point now() const override { return now_; }
    void set(std::chrono::system_clock::time_point t) { now_ = t; }
    void advance(std::chrono::system_clock::duration d) { now_ += d; }

private:
    std::chrono::system_clock::time_point now_;
};

// The clock's reading as storage records times (Unix milliseconds), and in whole seconds as the
// schedule arithmetic uses it.
inline std::int64_t now_ms(const Clock& clock) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(clock.now().time_since_epoch())
        .count();
}
inline std::chrono::sys_seconds now_seconds(const Clock& clock) {
    return std::chrono::floor<std::chrono::seconds>(clock.now());
}

}  // namespace ritualbot::commands
