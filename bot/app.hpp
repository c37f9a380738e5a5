#pragma once
// `ritualbot run`: wires storage, the rituals and the Slack transport together on one io
// thread and serves until SIGINT/SIGTERM or until Slack says the app cannot connect.

#include "config/settings.hpp"

namespace ritualbot::bot {

// Exit codes: 0 after a requested shutdown, 1 when start-up failed, 2 when Slack refused the
// app for good (bad token, Socket Mode disabled).
int run_bot(const config::Settings& settings);

// `ritualbot doctor`: checks both tokens against Slack and lists missing scopes.
int run_doctor(const config::Settings& settings);

// `ritualbot healthcheck`: 0 when the running bot's GET /healthz answers 200.
int run_healthcheck(const config::Settings& settings);

}  // namespace ritualbot::bot
