#pragma once
// One date's digest judged on a window of tickets loaded for a whole range of dates, so a digest
// covering several dates reads the database once. Internal to commands/outliers; used by
// build_digest_range (digest_range.cpp).

#include "commands/outliers/digest_window.hpp"

namespace ritualbot::commands {

// The digest of the date at window index `today`; the window holds the baseline and indicator
// days before it. Records the outliers' ids (see build_digest); signals are the caller's.
Digest digest_of_date(storage::Database& db, const std::string& channel, const DigestWindow& window,
                      int today, const date::time_zone* zone, const DigestOptions& options);

}  // namespace ritualbot::commands
