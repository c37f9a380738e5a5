#pragma once
// The `ritualbot` command line: one subcommand per operator task (see usage()).

#include "config/settings.hpp"

#include <string>
#include <vector>

namespace ritualbot::bot {

// `args` excludes the program name. Returns the process exit code.
int run_cli(const std::vector<std::string>& args, const config::Environment& env);

}  // namespace ritualbot::bot
