#pragma once
// `ritualbot doctor`: checks both tokens against Slack and lists missing scopes.

#include "config/settings.hpp"

namespace ritualbot::bot {

int run_doctor(const config::Settings& settings);

}  // namespace ritualbot::bot
