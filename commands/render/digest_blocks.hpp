#pragma once
// The posted outlier digest as Block Kit: a header, the summary, one section per listed outlier
// with its "Owner & cause" button, then the leading indicators and open investigations. Within
// Slack's limits (at most 17 blocks of the 50, 3000 characters a section, 150 a header).

#include <nlohmann/json.hpp>

#include "commands/outliers/digest.hpp"

namespace ritualbot::commands::render {

nlohmann::json digest_blocks(const Digest& digest);

}  // namespace ritualbot::commands::render
