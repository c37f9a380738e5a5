#pragma once
// The channel's open investigations as the captain's change-over checklist lists them: each
// with its owner and age, and those open more than a week marked overdue, so an assigned outlier
// does not quietly drop out of sight. Reads through the Database it is given.

#include <cstdint>
#include <string>

#include "storage/database.hpp"

namespace ritualbot::commands {

// An investigation open longer than this is flagged (checklist and digest).
inline constexpr int kOverdueInvestigationDays = 7;

// "• Follow up `o-…` (reopen rate · billing), owner <@U2>, open 9 days — overdue\n" per open
// investigation, oldest first; empty when there is none.
std::string open_investigation_checklist(storage::Database& db, const std::string& channel,
                                         std::int64_t now_ms);

}  // namespace ritualbot::commands
