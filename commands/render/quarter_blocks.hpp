#pragma once
// The quarterly review's post as Block Kit: the quarter's heading, each indicator (the crew's
// metric first) against the quarter before, and the changes made in the quarter — procedure
// changes and improvements done — in date order. Pure functions.

#include <string>

#include <nlohmann/json.hpp>

namespace ritualbot::commands {
struct QuarterlyReview;
}

namespace ritualbot::commands::render {

nlohmann::json quarterly_review_blocks(const QuarterlyReview& review);
std::string quarterly_review_fallback(const QuarterlyReview& review);  // the notification text

}  // namespace ritualbot::commands::render
