#include "storage/suggestions_improvements.hpp"

#include <SQLiteCpp/Statement.h>

#include "storage/column_values.hpp"

namespace ritualbot::storage {
namespace {

constexpr const char* kColumns =
    "suggestion_id, channel, owner, due_date, metric, created_at, COALESCE(done_at, 0), "
    "COALESCE(done_date, ''), done_note";

Improvement read(CachedStatement& query) {
    Improvement i;
    read_columns(query, i.suggestion_id, i.channel, i.owner, i.due_date, i.metric, i.created_at,
                 i.done_at, i.done_date, i.done_note);
    return i;
}

std::vector<Improvement> read_all(CachedStatement& query) {
    std::vector<Improvement> all;
    while (query.executeStep()) all.push_back(read(query));
    return all;
}

void set_text(Database& db, const char* sql, std::int64_t id, const std::string& value) {
    CachedStatement update = db.prepare(sql);
    bind(update, value, id);
    update.exec();
}

}  // namespace

void Improvements::add(const Improvement& i) {
    CachedStatement insert = db_.prepare(
        "INSERT INTO improvements (suggestion_id, channel, owner, due_date, "
        "metric, created_at) VALUES (?, ?, ?, ?, ?, ?)");
    bind(*insert, i.suggestion_id, i.channel, i.owner, i.due_date, i.metric, i.created_at);
    insert->exec();
}

std::optional<Improvement> Improvements::find(std::int64_t suggestion_id) {
    CachedStatement query = db_.prepare(std::string("SELECT ") + kColumns +
                                        " FROM improvements WHERE suggestion_id = ?");
    query->bind(1, suggestion_id);
    if (!query->executeStep()) return std::nullopt;
    return read(*query);
}

std::vector<Improvement> Improvements::open(const std::string& channel) {
    CachedStatement query = db_.prepare(std::string("SELECT ") + kColumns +
                                        " FROM improvements WHERE channel = ? AND done_at IS "
                                        "NULL ORDER BY created_at, suggestion_id");
    query->bind(1, channel);
    return read_all(*query);
}

std::vector<Improvement> Improvements::done(const std::string& channel, int limit) {
    CachedStatement query = db_.prepare(std::string("SELECT ") + kColumns +
                                        " FROM improvements WHERE channel = ? AND done_at IS "
                                        "NOT NULL ORDER BY done_at DESC LIMIT ?");
    bind(*query, channel, limit);
    return read_all(*query);
}

std::vector<Improvement> Improvements::done_between(const std::string& channel,
                                                    const std::string& first_date,
                                                    const std::string& last_date) {
    CachedStatement query = db_.prepare(std::string("SELECT ") + kColumns +
                                        " FROM improvements WHERE channel = ? AND done_at IS NOT "
                                        "NULL AND done_date BETWEEN ? AND ? ORDER BY done_at");
    bind(*query, channel, first_date, last_date);
    return read_all(*query);
}

std::vector<Improvement> Improvements::of_procedure(std::int64_t procedure_id) {
    CachedStatement query = db_.prepare(
        std::string("SELECT ") + kColumns +
        " FROM improvements WHERE suggestion_id IN (SELECT id FROM suggestions WHERE "
        "procedure_id = ?) ORDER BY done_at IS NOT NULL, done_at DESC, created_at, "
        "suggestion_id");
    query->bind(1, procedure_id);
    return read_all(*query);
}

std::vector<std::string> Improvements::done_dates(const std::string& channel) {
    CachedStatement query = db_.prepare(
        "SELECT done_date FROM improvements WHERE channel = ? AND done_at IS "
        "NOT NULL ORDER BY done_date DESC");
    query->bind(1, channel);
    std::vector<std::string> dates;
    while (query->executeStep()) dates.push_back(query->getColumn(0).getString());
    return dates;
}

void Improvements::set_owner(std::int64_t suggestion_id, const std::string& owner) {
    set_text(db_, "UPDATE improvements SET owner = ? WHERE suggestion_id = ?", suggestion_id,
             owner);
}

void Improvements::set_metric(std::int64_t suggestion_id, const std::string& metric) {
    set_text(db_, "UPDATE improvements SET metric = ? WHERE suggestion_id = ?", suggestion_id,
             metric);
}

bool Improvements::mark_done(std::int64_t suggestion_id, std::int64_t now_ms,
                             const std::string& done_date, const std::string& note) {
    CachedStatement update = db_.prepare(
        "UPDATE improvements SET done_at = ?, done_date = ?, done_note = ? "
        "WHERE suggestion_id = ? AND done_at IS NULL");
    bind(*update, now_ms, done_date, note, suggestion_id);
    return update->exec() == 1;
}

}  // namespace ritualbot::storage
