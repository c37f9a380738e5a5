#pragma once
// `ritualbot run`: wires storage, the rituals and the Slack transport together on one io
// thread and serves until SIGINT/SIGTERM or until Slack says the app cannot connect.

#include "config/settings.hpp"

#include <chrono>
#include <memory>

namespace ritualbot::commands {
class Clock;
}

namespace ritualbot::bot {

// A clock other than the wall clock (the sandbox's clock control, a test's clock file); the
// scheduler then looks every `scheduler_poll` so a moved clock is noticed at once.
struct ClockOverride {
    std::shared_ptr<const commands::Clock> clock;
    std::chrono::milliseconds scheduler_poll{200};
};

// Exit codes: 0 after a requested shutdown, 1 when start-up failed, 2 when Slack refused the
// app for good (bad token, Socket Mode disabled).
int run_bot(const config::Settings& settings, ClockOverride clock_override = {});

}  // namespace ritualbot::bot
