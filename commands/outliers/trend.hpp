#pragma once
// `/outliers trend METRIC [weeks]`: one metric week by week, for the whole crew and each
// request type, so a captain can drill into what a digest line hints at. Weeks are the 7-day
// blocks ending on `last_day` (not calendar weeks), so the newest column is always complete.
// Reads the database it is given; safe on the calling thread only.

#include <chrono>
#include <string>

#include "commands/result.hpp"
#include "storage/database.hpp"

namespace date {
class time_zone;
}

namespace ritualbot::commands {

inline constexpr int kMaxTrendWeeks = 26;

// Metric names as in the digest; an unknown name is an Error listing the known ones.
Result<std::string> trend_text(storage::Database& db, const std::string& channel,
                               const std::string& metric, int weeks,
                               std::chrono::year_month_day last_day, const date::time_zone* zone);

}  // namespace ritualbot::commands
