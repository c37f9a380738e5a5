#pragma once
// The helpdesk connectors from the command line, without Slack:
//   ritualbot source add --channel C zendesk|freshdesk URL [--days N]
//   ritualbot source list --channel C
//   ritualbot source remove --channel C KIND
//   ritualbot source set --channel C KIND request_type RULE | spacing MS|default
//   ritualbot sync --channel C      (one pass over the channel's sources, printing each page)
// They check and answer as `/outliers source …` does (commands/connectors/source_command).
// `args` starts with the subcommand.

#include "config/settings.hpp"

#include <string>
#include <vector>

namespace ritualbot::bot {

int run_source(const config::Settings& settings, const std::vector<std::string>& args);
int run_sync(const config::Settings& settings, const std::vector<std::string>& args);

}  // namespace ritualbot::bot
