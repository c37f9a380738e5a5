#pragma once
// The verbs on a channel's data, without Slack: `ritualbot import --channel C --file F`,
// `ritualbot digest --channel C [--date D] [--format text|json|blocks]` and
// `ritualbot export --channel C [--format json]` (the channel's ritual state on stdout).
// `args` starts with the subcommand.

#include "config/settings.hpp"

#include <string>
#include <vector>

namespace ritualbot::bot {

int run_import(const config::Settings& settings, const std::vector<std::string>& args);
int run_digest(const config::Settings& settings, const std::vector<std::string>& args);
int run_export(const config::Settings& settings, const std::vector<std::string>& args);

}  // namespace ritualbot::bot
