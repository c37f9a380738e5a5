#pragma once

// Statistics for SQLite's query planner (sqlite_stat1), issue 18. Without them the planner
// judges indexes from the schema alone, and picked a whole-round scan for a voter's votes.
// Both functions take the write lock briefly; ANALYZE reads at most kAnalysisLimit rows per
// index, so they cost milliseconds on a database of millions of tickets.

#include "storage/database.hpp"

namespace ritualbot::storage {

// Rows ANALYZE samples per index (PRAGMA analysis_limit), as SQLite's documentation suggests.
inline constexpr int kAnalysisLimit = 400;

// Analyzes every table that has an index and rows but no statistics yet. For start-up: on
// SQLite 3.40 (bookworm's) PRAGMA optimize looks only at tables this connection has already
// queried, so run at start it does nothing. Returns how many tables it analyzed.
int analyze_unmeasured_tables(Database& db);

// PRAGMA optimize: analyzes again the tables this connection queried that lack statistics or
// have grown a lot since their last analysis. After a large import (on the importing
// connection) and periodically on a long-lived one.
void optimize_statistics(Database& db);

}  // namespace ritualbot::storage
