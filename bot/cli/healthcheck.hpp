#pragma once
// `ritualbot healthcheck`: 0 when the running bot's GET /healthz answers 200 (for containers).

#include "config/settings.hpp"

namespace ritualbot::bot {

int run_healthcheck(const config::Settings& settings);

}  // namespace ritualbot::bot
