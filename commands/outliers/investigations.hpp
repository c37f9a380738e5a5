#pragma once
// Opening an investigation of a flagged outlier: who owns it and what caused it. The one rule
// behind both `/outliers ack` and the digest's "Owner & cause" form. Writes through the
// caller's Database, inside the caller's transaction.

#include <cstdint>
#include <string>
#include <string_view>

#include "commands/result.hpp"
#include "storage/database.hpp"
#include "storage/outlier_records.hpp"

namespace ritualbot::commands {

// The outlier the digest recorded under this id (any case) in the channel, or an error naming it.
Result<storage::OutlierRecord> find_outlier(storage::Database& db, const std::string& channel,
                                            std::string_view id);

struct NewInvestigation {
    std::string opened_by;  // who recorded it
    std::string owner;      // Slack user id
    std::string cause;      // plain text as written (not escaped), trimmed
};

// Opens (or updates) the investigation; the cooldown starts. Returns the announcement for the
// channel, or an error when the cause is empty or too long (nothing written then).
Result<std::string> open_investigation(storage::Database& db, const storage::OutlierRecord& outlier,
                                       const NewInvestigation& investigation, std::int64_t now);

}  // namespace ritualbot::commands
