#pragma once
// The digest's bookkeeping in storage, apart from the statistics: the cooldown of open
// investigations and the stable ids of flagged outliers. Internal to commands/outliers.

#include <cstdint>
#include <vector>

#include "commands/outliers/digest.hpp"

namespace ritualbot::commands {

// Lists the channel's open investigations in the digest and adds the flagged outliers except
// those whose segment and metric an open investigation covers (counted as suppressed), most
// severe first. day_end_ms (local midnight after the date) dates how long each has been open.
void apply_investigations(storage::Database& db, Digest& digest, std::vector<Outlier> flagged,
                          std::int64_t day_end_ms);

// Ids stay as first handed out for (date, kind, metric, segment); new flags get the next N.
// Writes outlier_records; the caller provides the transaction or savepoint.
void assign_ids(storage::Database& db, Digest& digest, std::int64_t now_ms);

}  // namespace ritualbot::commands
