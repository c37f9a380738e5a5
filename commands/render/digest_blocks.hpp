#pragma once
// The posted outlier digest as Block Kit: a header, the summary, one section per listed outlier
// with its "Owner & cause" button, then the leading indicators and open investigations. Within
// Slack's limits (at most 17 blocks of the 50, 3000 characters a section, 150 a header).

#include <string>

#include <nlohmann/json.hpp>

#include "commands/outliers/digest.hpp"

namespace ritualbot::commands::render {

nlohmann::json digest_blocks(const Digest& digest);

// One outlier's line with its "Owner & cause" button, whose value names the crew's channel:
// the digest's sections, and the DM an investigation's new owner gets.
nlohmann::json outlier_section(const std::string& channel, const Outlier& outlier);

// The DM an investigation's new owner gets: the message (mrkdwn) with the outlier's button.
nlohmann::json assignment_blocks(const std::string& channel, const std::string& outlier_id,
                                 const std::string& text);

}  // namespace ritualbot::commands::render
