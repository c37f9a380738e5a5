#pragma once
// The helpdesk sources of a channel, as an admin manages them in Slack
//   /outliers source add zendesk|freshdesk URL [DAYS]   (DAYS of history the first sync reads)
//   /outliers source list | remove KIND | sync
//   /outliers source set KIND request_type field:ID|tag-prefix:PREFIX|none
//   /outliers source set KIND spacing MS|default       (time between requests)
// and from the command line (`ritualbot source …`, `ritualbot sync`, bot/cli/source.cpp): both
// call the functions below, so they check and say the same. API credentials never go through
// Slack: the server's environment holds them.
// Threading: uses the Database it is given, on the calling thread.

#include <cstdint>
#include <optional>
#include <string>

#include "commands/command_table.hpp"
#include "commands/result.hpp"
#include "storage/database.hpp"

namespace ritualbot::commands {

inline constexpr int kDefaultBackfillDays = 90;
inline constexpr int kMaxBackfillDays = 730;

// Each returns the confirmation to show, or why nothing changed.
Result<std::string> add_source(storage::Database& db, const std::string& channel,
                               const std::string& kind, const std::string& url, int backfill_days,
                               const std::string& added_by, std::int64_t now_ms);
Result<std::string> remove_source(storage::Database& db, const std::string& channel,
                                  const std::string& kind);
// key: request_type or spacing.
Result<std::string> set_source(storage::Database& db, const std::string& channel,
                               const std::string& kind, const std::string& key,
                               const std::string& value);
// Makes the channel's sources due now; the reply says how many.
Result<std::string> request_sync(storage::Database& db, const std::string& channel);
// One paragraph per source: URL, backfill, last success, cursor, tickets seen, last error.
std::string list_sources(storage::Database& db, const std::string& channel);

// `/outliers source …`.
Reply outliers_source(const Request& request, const Args& args, Context& context);

}  // namespace ritualbot::commands
