#include "storage/migrations.hpp"

namespace ritualbot::storage {
namespace {

// Times are unix milliseconds. outbox.payload is the JSON of the Web API arguments.
constexpr Migration kMigrations[] = {
    {1, "outbox and processed events", R"sql(
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    channel TEXT NOT NULL,
    method TEXT NOT NULL,
    payload TEXT NOT NULL,
    idempotency_key TEXT NOT NULL UNIQUE,
    state TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    posted_ts TEXT,
    last_error TEXT,
    created_at INTEGER NOT NULL,
    sent_at INTEGER
);
CREATE INDEX outbox_channel_state_id ON outbox (channel, state, id);

CREATE TABLE processed_events (
    event_id TEXT PRIMARY KEY,
    seen_at INTEGER NOT NULL
);
CREATE INDEX processed_events_seen_at ON processed_events (seen_at);
)sql"},
};

}  // namespace

std::span<const Migration> migrations() { return kMigrations; }

}  // namespace ritualbot::storage
