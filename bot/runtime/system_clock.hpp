#pragma once
// The wall clock, handed to commands/ as a commands::Clock.

#include "commands/clock.hpp"

namespace ritualbot::bot {

class SystemClock final : public commands::Clock {
public:
    std::chrono::system_clock::time_point now() const override {
        return std::chrono::system_clock::now();
    }
};

}  // namespace ritualbot::bot
