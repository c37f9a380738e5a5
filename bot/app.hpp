#pragma once
// `ritualbot run`: wires storage, the rituals and the Slack transport together on one io
// thread and serves until SIGINT/SIGTERM or until Slack says the app cannot connect.

#include "config/settings.hpp"

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace ritualbot::commands {
class Clock;
}

namespace ritualbot::bot {

// Exit codes: 0 after a requested shutdown, 1 when start-up failed, 2 when Slack refused the
// app for good (bad token, Socket Mode disabled).
// A clock other than the wall clock (the sandbox's clock control, a test's clock file); the
// scheduler then looks every `scheduler_poll` so a moved clock is noticed at once.
struct ClockOverride {
    std::shared_ptr<const commands::Clock> clock;
    std::chrono::milliseconds scheduler_poll{200};
};

int run_bot(const config::Settings& settings, ClockOverride clock_override = {});

// `ritualbot doctor`: checks both tokens against Slack and lists missing scopes.
int run_doctor(const config::Settings& settings);

// `ritualbot import --channel C --file F` and `ritualbot digest --channel C [--date D]
// [--format text|json|blocks]`; `args` starts with the subcommand.
int run_import(const config::Settings& settings, const std::vector<std::string>& args);
int run_digest(const config::Settings& settings, const std::vector<std::string>& args);
// `ritualbot export --channel C [--format json]`: the channel's ritual state on stdout.
int run_export(const config::Settings& settings, const std::vector<std::string>& args);

// `ritualbot healthcheck`: 0 when the running bot's GET /healthz answers 200.
int run_healthcheck(const config::Settings& settings);

}  // namespace ritualbot::bot
