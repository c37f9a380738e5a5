#pragma once
// A procedure's scorecard (`/playbook show NAME`) as Block Kit: a header with its name, then one
// section each for what it is, its indicators, open investigations, causes, improvements,
// customer voice and history, and the commands that change it. Each section is cut to Slack's
// 3,000 characters; at most 10 blocks of the 50. Pure functions.

#include <string>

#include <nlohmann/json.hpp>

#include "commands/playbook/scorecard.hpp"

namespace ritualbot::commands::render {

nlohmann::json scorecard_blocks(const playbook::Scorecard& card);
// The notification text: the procedure and a count of what is open.
std::string scorecard_text(const playbook::Scorecard& card);

}  // namespace ritualbot::commands::render
