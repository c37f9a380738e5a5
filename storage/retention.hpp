#pragma once
// Forgetting on schedule: processed event ids after 24 h, finished outbox rows after 30 days,
// tickets after the configured retention (default 400 days), every kept digest text (rebuilt
// on demand in milliseconds; a new build may word the digest differently), then freed pages
// are returned to the file system incrementally (no full VACUUM, which would lock the database
// for long).
// Threading: the caller's Database, on its thread.

#include <cstddef>
#include <cstdint>

#include "storage/database.hpp"

namespace ritualbot::storage {

struct RetentionPolicy {
    std::int64_t processed_events_ms = 24LL * 3600 * 1000;
    std::int64_t finished_outbox_ms = 30LL * 24 * 3600 * 1000;
    std::int64_t tickets_ms = 400LL * 24 * 3600 * 1000;
};

struct RetentionReport {
    std::size_t processed_events = 0;
    std::size_t outbox_rows = 0;
    std::size_t tickets = 0;
    std::size_t digest_texts = 0;
};

RetentionReport apply_retention(Database& db, std::int64_t now_ms, const RetentionPolicy& policy);

}  // namespace ritualbot::storage
