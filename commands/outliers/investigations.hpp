#pragma once
// Investigating a flagged outlier: who owns it and what caused it, in one step (`/outliers ack`,
// the form with both filled) or two (`/outliers assign`, the form with only the owner, then
// `/outliers cause` or a closing note). The one set of rules behind the commands and the
// digest's "Owner & cause" form. Writes through the caller's Database, inside the caller's
// transaction.

#include <cstdint>
#include <string>
#include <string_view>

#include "commands/request.hpp"
#include "commands/result.hpp"
#include "storage/database.hpp"
#include "storage/outlier_records.hpp"
#include "storage/procedures.hpp"

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

struct Assignment {
    std::string announcement;  // for the channel
    Post direct;               // to the owner: the outlier and its "Owner & cause" button
};

// Names the owner (investigation.cause is ignored): opens the investigation without a cause, or
// hands an open one to a new owner keeping its cause.
Assignment assign_investigation(storage::Database& db, const storage::OutlierRecord& outlier,
                                const NewInvestigation& investigation, std::int64_t now);

// Links the outlier's investigation to a playbook procedure; the sentence to add to the
// announcement (" It concerns the procedure `refunds`.").
std::string link_to_procedure(storage::Database& db, const storage::OutlierRecord& outlier,
                              const storage::Procedure& procedure);

// Records the cause of the outlier's open investigation: the announcement, or an error when
// none is open or the cause is empty or too long (nothing written then).
Result<std::string> record_cause(storage::Database& db, const storage::OutlierRecord& outlier,
                                 const std::string& by, const std::string& cause, std::int64_t now);

}  // namespace ritualbot::commands
