#pragma once
// The weekly review's post as Block Kit: the week's heading, the crew's metric against its
// baseline, the defect clusters with their procedures, improvements done (thanking owners) and
// overdue, and the playbook's changes. The trend picture follows as a file of its own.
// Pure functions.

#include <string>

#include <nlohmann/json.hpp>

namespace ritualbot::commands {
struct WeeklyReview;
}

namespace ritualbot::commands::render {

nlohmann::json weekly_review_blocks(const WeeklyReview& review);
std::string weekly_review_fallback(const WeeklyReview& review);  // the notification text

}  // namespace ritualbot::commands::render
