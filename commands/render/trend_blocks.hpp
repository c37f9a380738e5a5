#pragma once
// `/outliers trend`'s private answer as Block Kit: its text (a code-block table, split over
// sections of Slack's 3000 characters, each split closing and reopening the code block) and
// the "Share chart in channel" button. Pure functions.

#include <string>

#include <nlohmann/json.hpp>

namespace ritualbot::commands::render {

nlohmann::json trend_blocks(const std::string& text, const std::string& share_value);

}  // namespace ritualbot::commands::render
