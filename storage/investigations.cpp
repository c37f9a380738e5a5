#include "storage/investigations.hpp"

#include <SQLiteCpp/Statement.h>

#include "storage/column_values.hpp"

namespace ritualbot::storage {
namespace {

constexpr const char* kColumns =
    "channel, outlier_id, metric, dimension, segment, owner, cause, opened_by, opened_at, "
    "closed_at, close_note, procedure_id";

Investigation read_investigation(CachedStatement& query) {
    Investigation row;
    read_columns(query, row.channel, row.outlier_id, row.metric, row.dimension, row.segment,
                 row.owner, row.cause, row.opened_by, row.opened_at, row.closed_at, row.close_note,
                 row.procedure_id);
    return row;
}

// Inserts the investigation (cause_at set when it has a cause); for one that exists,
// `on_conflict` is the SET clause saying what changes.
void upsert(Database& db, const Investigation& investigation, std::string_view on_conflict) {
    CachedStatement upsert =
        db.prepare(std::string("INSERT INTO investigations (") + kColumns +
                   ", cause_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
                   "?9, NULL, '', NULL, CASE WHEN ?7 = '' THEN NULL ELSE "
                   "CAST(?9 AS BIGINT) END) ON CONFLICT (channel, outlier_id) DO UPDATE SET " +
                   std::string(on_conflict));
    bind(upsert, investigation.channel, investigation.outlier_id, investigation.metric,
         investigation.dimension, investigation.segment, investigation.owner, investigation.cause,
         investigation.opened_by, investigation.opened_at);
    upsert.exec();
}

// Rows of (cause, cause_at).
std::vector<CauseRecord> read_causes(CachedStatement& query) {
    std::vector<CauseRecord> rows;
    while (query.executeStep()) {
        rows.push_back({query.getColumn(0).getString(), query.getColumn(1).getInt64()});
    }
    return rows;
}

}  // namespace

void Investigations::open(const Investigation& investigation) {
    upsert(db_, investigation,
           "owner = excluded.owner, cause = excluded.cause, cause_at = excluded.cause_at, "
           "opened_by = excluded.opened_by, opened_at = excluded.opened_at, closed_at = NULL, "
           "close_note = ''");
}

void Investigations::assign(const Investigation& investigation) {
    Investigation without_cause = investigation;
    without_cause.cause.clear();
    // A closed investigation assigned again is open again, from now; its cause stays.
    upsert(db_, without_cause,
           "owner = excluded.owner, opened_at = CASE WHEN investigations.closed_at IS NULL THEN "
           "investigations.opened_at ELSE "
           "excluded.opened_at END, closed_at = NULL, close_note = ''");
}

bool Investigations::record_cause(const std::string& channel, const std::string& outlier_id,
                                  const std::string& cause, std::int64_t now_ms) {
    CachedStatement update = db_.prepare(
        "UPDATE investigations SET cause = ?, cause_at = ? "
        "WHERE channel = ? AND outlier_id = ? AND closed_at IS NULL");
    bind(*update, cause, now_ms, channel, outlier_id);
    return update->exec() == 1;
}

bool Investigations::close(const std::string& channel, const std::string& outlier_id,
                           const std::string& note, std::int64_t now_ms) {
    CachedStatement update = db_.prepare(
        "UPDATE investigations SET closed_at = ?, close_note = ? "
        "WHERE channel = ? AND outlier_id = ? AND closed_at IS NULL");
    bind(*update, now_ms, note, channel, outlier_id);
    return update->exec() == 1;
}

bool Investigations::set_procedure(const std::string& channel, const std::string& outlier_id,
                                   std::int64_t procedure_id) {
    CachedStatement update = db_.prepare(
        "UPDATE investigations SET procedure_id = ? WHERE channel = ? AND outlier_id = ?");
    update->bind(1, procedure_id);
    update->bind(2, channel);
    update->bind(3, outlier_id);
    return update->exec() == 1;
}

std::vector<Investigation> Investigations::open_of_procedure(std::int64_t procedure_id) {
    CachedStatement query = db_.prepare(std::string("SELECT ") + kColumns +
                                        " FROM investigations WHERE procedure_id = ? AND "
                                        "closed_at IS NULL ORDER BY opened_at, outlier_id");
    query.bind(1, procedure_id);
    std::vector<Investigation> rows;
    while (query.executeStep()) rows.push_back(read_investigation(query));
    return rows;
}

std::vector<CauseRecord> Investigations::causes_of_procedure(std::int64_t procedure_id) {
    CachedStatement query = db_.prepare(
        "SELECT cause, cause_at FROM investigations WHERE procedure_id = ? AND "
        "cause <> '' ORDER BY cause_at, outlier_id");
    query->bind(1, procedure_id);
    return read_causes(*query);
}

std::vector<Investigation> Investigations::open_in(const std::string& channel) {
    CachedStatement query = db_.prepare(std::string("SELECT ") + kColumns +
                                        " FROM investigations WHERE channel = ? AND "
                                        "closed_at IS NULL ORDER BY opened_at, outlier_id");
    query->bind(1, channel);
    std::vector<Investigation> rows;
    while (query->executeStep()) rows.push_back(read_investigation(*query));
    return rows;
}

std::optional<Investigation> Investigations::find(const std::string& channel,
                                                  const std::string& outlier_id) {
    CachedStatement query = db_.prepare(std::string("SELECT ") + kColumns +
                                        " FROM investigations WHERE channel = ? AND "
                                        "outlier_id = ?");
    bind(query, channel, outlier_id);
    if (!query.executeStep()) return std::nullopt;
    return read_investigation(query);
}

std::vector<CauseRecord> Investigations::causes_since(const std::string& channel,
                                                      std::int64_t since_ms) {
    CachedStatement query = db_.prepare(
        "SELECT cause, cause_at FROM investigations WHERE channel = ? AND "
        "cause <> '' AND cause_at >= ? ORDER BY cause_at, outlier_id");
    bind(*query, channel, since_ms);
    return read_causes(*query);
}

std::vector<ProcedureCause> Investigations::causes_between(const std::string& channel,
                                                           std::int64_t since_ms,
                                                           std::int64_t until_ms) {
    CachedStatement query = db_.prepare(
        "SELECT i.cause, i.cause_at, COALESCE(p.name, '') FROM investigations i LEFT JOIN "
        "procedures p ON p.id = i.procedure_id WHERE i.channel = ? AND i.cause <> '' AND "
        "i.cause_at >= ? AND i.cause_at < ? ORDER BY i.cause_at, i.outlier_id");
    bind(*query, channel, since_ms, until_ms);
    std::vector<ProcedureCause> causes;
    while (query->executeStep()) {
        causes.push_back({query->getColumn(0).getString(), query->getColumn(1).getInt64(),
                          query->getColumn(2).getString()});
    }
    return causes;
}

}  // namespace ritualbot::storage
