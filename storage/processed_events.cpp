#include "storage/processed_events.hpp"

#include <SQLiteCpp/Statement.h>

namespace ritualbot::storage {

bool ProcessedEvents::record_if_new(const std::string& event_id, std::int64_t now_ms) {
    CachedStatement insert = db_.prepare(
        "INSERT INTO processed_events (event_id, seen_at) "
        "VALUES (?, ?) ON CONFLICT (event_id) DO NOTHING");
    insert->bind(1, event_id);
    insert->bind(2, now_ms);
    return insert->exec() == 1;
}

std::size_t ProcessedEvents::prune_older_than(std::int64_t cutoff_ms) {
    CachedStatement remove = db_.prepare("DELETE FROM processed_events WHERE seen_at < ?");
    remove->bind(1, cutoff_ms);
    return static_cast<std::size_t>(remove->exec());
}

}  // namespace ritualbot::storage
