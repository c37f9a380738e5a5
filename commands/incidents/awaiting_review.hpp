#pragma once
// The channel's incident reviews still in draft, as the captain's change-over checklist lists
// them. Reads through the Database it is given.

#include <string>

#include "storage/database.hpp"

namespace ritualbot::commands {

// "• Finish the review of incident #3 *Title* (draft since Mon 30 Nov): `/incident publish 3`\n"
// per draft, oldest first; empty when there is none.
std::string incidents_awaiting_review_checklist(storage::Database& db, const std::string& channel);

}  // namespace ritualbot::commands
