#include "storage/retention.hpp"

#include "storage/digest_texts.hpp"
#include "storage/processed_events.hpp"

namespace ritualbot::storage {
namespace {

std::size_t delete_before(Database& db, const char* sql, std::int64_t cutoff_ms) {
    CachedStatement statement = db.prepare(sql);
    statement.bind(1, cutoff_ms);
    return static_cast<std::size_t>(statement.exec());
}

}  // namespace

RetentionReport apply_retention(Database& db, std::int64_t now_ms, const RetentionPolicy& policy) {
    RetentionReport report;
    {
        Transaction transaction(db);
        report.processed_events =
            ProcessedEvents(db).prune_older_than(now_ms - policy.processed_events_ms);
        // Only finished rows: a pending or in-doubt row is never forgotten, however old.
        report.outbox_rows = delete_before(
            db,
            "DELETE FROM outbox WHERE state IN ('sent', 'failed') AND "
            "COALESCE(sent_at, created_at) < ?",
            now_ms - policy.finished_outbox_ms);
        report.tickets =
            delete_before(db, "DELETE FROM tickets WHERE created_at < ?", now_ms - policy.tickets_ms);
        report.digest_texts = static_cast<std::size_t>(DigestTexts(db).clear());
        transaction.commit();
    }
    if (!db.is_postgres()) db.exec("PRAGMA incremental_vacuum");  // PostgreSQL: autovacuum
    return report;
}

}  // namespace ritualbot::storage
