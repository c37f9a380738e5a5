#include "storage/investigations.hpp"

#include <SQLiteCpp/Statement.h>

namespace ritualbot::storage {
namespace {

constexpr const char* kColumns =
    "channel, outlier_id, metric, dimension, segment, owner, cause, opened_by, opened_at, "
    "closed_at, close_note, procedure_id";

Investigation read_investigation(SQLite::Statement& query) {
    Investigation row;
    row.channel = query.getColumn(0).getString();
    row.outlier_id = query.getColumn(1).getString();
    row.metric = query.getColumn(2).getString();
    row.dimension = query.getColumn(3).getString();
    row.segment = query.getColumn(4).getString();
    row.owner = query.getColumn(5).getString();
    row.cause = query.getColumn(6).getString();
    row.opened_by = query.getColumn(7).getString();
    row.opened_at = query.getColumn(8).getInt64();
    if (!query.getColumn(9).isNull()) row.closed_at = query.getColumn(9).getInt64();
    row.close_note = query.getColumn(10).getString();
    if (!query.getColumn(11).isNull()) row.procedure_id = query.getColumn(11).getInt64();
    return row;
}

// Inserts the investigation (cause_at set when it has a cause); for one that exists,
// `on_conflict` is the SET clause saying what changes.
void upsert(Database& db, const Investigation& investigation, std::string_view on_conflict) {
    SQLite::Statement upsert(db.sql(), std::string("INSERT INTO investigations (") + kColumns +
                                           ", cause_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
                                           "?9, NULL, '', NULL, CASE WHEN ?7 = '' THEN NULL ELSE "
                                           "?9 END) ON CONFLICT (channel, outlier_id) DO UPDATE SET " +
                                           std::string(on_conflict));
    upsert.bind(1, investigation.channel);
    upsert.bind(2, investigation.outlier_id);
    upsert.bind(3, investigation.metric);
    upsert.bind(4, investigation.dimension);
    upsert.bind(5, investigation.segment);
    upsert.bind(6, investigation.owner);
    upsert.bind(7, investigation.cause);
    upsert.bind(8, investigation.opened_by);
    upsert.bind(9, investigation.opened_at);
    upsert.exec();
}

// Rows of (cause, cause_at).
std::vector<CauseRecord> read_causes(SQLite::Statement& query) {
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
           "owner = excluded.owner, opened_at = CASE WHEN closed_at IS NULL THEN opened_at ELSE "
           "excluded.opened_at END, closed_at = NULL, close_note = ''");
}

bool Investigations::record_cause(const std::string& channel, const std::string& outlier_id,
                                  const std::string& cause, std::int64_t now_ms) {
    CachedStatement update = db_.prepare(
        "UPDATE investigations SET cause = ?, cause_at = ? "
        "WHERE channel = ? AND outlier_id = ? AND closed_at IS NULL");
    update->bind(1, cause);
    update->bind(2, now_ms);
    update->bind(3, channel);
    update->bind(4, outlier_id);
    return update->exec() == 1;
}

bool Investigations::close(const std::string& channel, const std::string& outlier_id,
                           const std::string& note, std::int64_t now_ms) {
    CachedStatement update = db_.prepare(
        "UPDATE investigations SET closed_at = ?, close_note = ? "
        "WHERE channel = ? AND outlier_id = ? AND closed_at IS NULL");
    update->bind(1, now_ms);
    update->bind(2, note);
    update->bind(3, channel);
    update->bind(4, outlier_id);
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
    SQLite::Statement query(db_.sql(), std::string("SELECT ") + kColumns +
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
    SQLite::Statement query(db_.sql(), std::string("SELECT ") + kColumns +
                                           " FROM investigations WHERE channel = ? AND "
                                           "closed_at IS NULL ORDER BY opened_at, outlier_id");
    query.bind(1, channel);
    std::vector<Investigation> rows;
    while (query.executeStep()) rows.push_back(read_investigation(query));
    return rows;
}

std::optional<Investigation> Investigations::find(const std::string& channel,
                                                  const std::string& outlier_id) {
    SQLite::Statement query(db_.sql(), std::string("SELECT ") + kColumns +
                                           " FROM investigations WHERE channel = ? AND "
                                           "outlier_id = ?");
    query.bind(1, channel);
    query.bind(2, outlier_id);
    if (!query.executeStep()) return std::nullopt;
    return read_investigation(query);
}

std::vector<CauseRecord> Investigations::causes_since(const std::string& channel,
                                                      std::int64_t since_ms) {
    CachedStatement query = db_.prepare(
        "SELECT cause, cause_at FROM investigations WHERE channel = ? AND "
        "cause <> '' AND cause_at >= ? ORDER BY cause_at, outlier_id");
    query->bind(1, channel);
    query->bind(2, since_ms);
    return read_causes(*query);
}

}  // namespace ritualbot::storage
