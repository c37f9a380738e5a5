#pragma once
// The only way code in commands/ learns the time. bot/ passes the wall clock; tests and the
// sandbox pass a clock they move by hand.

#include <chrono>

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

}  // namespace ritualbot::commands
