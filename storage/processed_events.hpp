#pragma once

// Ids of Events API events already applied. Slack redelivers an event it thinks was not
// acknowledged; recording the id in the same transaction as the event's effects makes a
// repeat a no-op. Ids older than kRetentionMs are pruned: Slack retries only for minutes.
// Threading: like the Database it holds a reference to, one thread only.

#include <cstddef>
#include <cstdint>
#include <string>

#include "storage/database.hpp"

namespace ritualbot::storage {

class ProcessedEvents {
public:
    static constexpr std::int64_t kRetentionMs = 24LL * 60 * 60 * 1000;

    explicit ProcessedEvents(Database& db) : db_(db) {}

    // True the first time an id is seen; false, changing nothing, for a repeat.
    bool record_if_new(const std::string& event_id, std::int64_t now_ms);

    // Forgets ids seen before cutoff_ms; returns how many.
    std::size_t prune_older_than(std::int64_t cutoff_ms);

private:
    Database& db_;
};

}  // namespace ritualbot::storage
