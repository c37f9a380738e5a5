#include "storage/procedures.hpp"

#include <SQLiteCpp/Statement.h>

namespace ritualbot::storage {
namespace {

constexpr const char* kColumns =
    "id, channel, name, name_key, link, purpose, owner, segment_dimension, segment_value, "
    "created_by, created_at, retired_at, update_wanted, update_wanted_by";

Procedure read_procedure(CachedStatement& query) {
    Procedure p;
    p.id = query.getColumn(0).getInt64();
    p.channel = query.getColumn(1).getString();
    p.name = query.getColumn(2).getString();
    p.name_key = query.getColumn(3).getString();
    p.link = query.getColumn(4).getString();
    p.purpose = query.getColumn(5).getString();
    p.owner = query.getColumn(6).getString();
    p.segment_dimension = query.getColumn(7).getString();
    p.segment_value = query.getColumn(8).getString();
    p.created_by = query.getColumn(9).getString();
    p.created_at = query.getColumn(10).getInt64();
    if (!query.getColumn(11).isNull()) p.retired_at = query.getColumn(11).getInt64();
    if (!query.getColumn(12).isNull()) p.update_wanted = query.getColumn(12).getString();
    p.update_wanted_by = query.getColumn(13).getString();
    return p;
}

std::optional<Procedure> read_one(CachedStatement& query) {
    if (!query.executeStep()) return std::nullopt;
    return read_procedure(query);
}

// Runs `UPDATE procedures SET <assignments> WHERE id = ?` with the values bound in order.
void update(Database& db, const std::string& assignments, std::int64_t id,
            std::initializer_list<std::string> values) {
    CachedStatement statement =
        db.prepare("UPDATE procedures SET " + assignments + " WHERE id = ? AND retired_at IS NULL");
    int index = 1;
    for (const std::string& value : values) statement.bind(index++, value);
    statement.bind(index, id);
    statement.exec();
}

constexpr const char* kEventColumns =
    "procedure_id, channel, kind, detail, by_user, local_date, at";

ProcedureEvent read_event(CachedStatement& query) {
    return {query.getColumn(0).getInt64(),  query.getColumn(1).getString(),
            query.getColumn(2).getString(), query.getColumn(3).getString(),
            query.getColumn(4).getString(), query.getColumn(5).getString(),
            query.getColumn(6).getInt64()};
}

}  // namespace

std::int64_t Procedures::add(const Procedure& p) {
    CachedStatement insert = db_.prepare(
        "INSERT INTO procedures (channel, name, name_key, link, purpose, owner, "
        "segment_dimension, segment_value, created_by, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    insert->bind(1, p.channel);
    insert->bind(2, p.name);
    insert->bind(3, p.name_key);
    insert->bind(4, p.link);
    insert->bind(5, p.purpose);
    insert->bind(6, p.owner);
    insert->bind(7, p.segment_dimension);
    insert->bind(8, p.segment_value);
    insert->bind(9, p.created_by);
    insert->bind(10, p.created_at);
    insert->executeStep();
    return insert->getColumn(0).getInt64();
}

std::optional<Procedure> Procedures::find(std::int64_t id) {
    CachedStatement query =
        db_.prepare(std::string("SELECT ") + kColumns + " FROM procedures WHERE id = ?");
    query.bind(1, id);
    return read_one(query);
}

std::optional<Procedure> Procedures::find_active(const std::string& channel,
                                                 const std::string& name_key) {
    CachedStatement query = db_.prepare(std::string("SELECT ") + kColumns +
                                        " FROM procedures WHERE channel = ? AND name_key = ? "
                                        "AND retired_at IS NULL");
    query.bind(1, channel);
    query.bind(2, name_key);
    return read_one(query);
}

std::vector<Procedure> Procedures::active(const std::string& channel) {
    return select_active("channel = ?", channel);
}

std::vector<Procedure> Procedures::select_active(const std::string& condition,
                                                 const std::string& value) {
    CachedStatement query =
        db_.prepare(std::string("SELECT ") + kColumns + " FROM procedures WHERE " + condition +
                    " AND retired_at IS NULL ORDER BY channel, name_key");
    query.bind(1, value);
    std::vector<Procedure> all;
    while (query.executeStep()) all.push_back(read_procedure(query));
    return all;
}

void Procedures::rename(std::int64_t id, const std::string& name, const std::string& name_key) {
    update(db_, "name = ?, name_key = ?", id, {name, name_key});
    // Suggestions show the tag they were written with; a linked one follows the new name.
    CachedStatement retag =
        db_.prepare("UPDATE suggestions SET procedure = ? WHERE procedure_id = ?");
    retag.bind(1, name_key);
    retag.bind(2, id);
    retag.exec();
}

void Procedures::set_owner(std::int64_t id, const std::string& owner) {
    update(db_, "owner = ?", id, {owner});
}

void Procedures::set_link(std::int64_t id, const std::string& link) {
    update(db_, "link = ?", id, {link});
}

void Procedures::set_segment(std::int64_t id, const std::string& dimension,
                             const std::string& value) {
    update(db_, "segment_dimension = ?, segment_value = ?", id, {dimension, value});
}

void Procedures::retire(std::int64_t id, std::int64_t now_ms) {
    update(db_, "retired_at = ?", id, {std::to_string(now_ms)});
}

void Procedures::set_update_wanted(std::int64_t id, const std::optional<std::string>& note,
                                   const std::string& by) {
    CachedStatement statement = db_.prepare(
        "UPDATE procedures SET update_wanted = ?, update_wanted_by = ? "
        "WHERE id = ? AND retired_at IS NULL");
    if (note) {
        statement.bind(1, *note);
        statement.bind(2, by);
    }  // unbound parameters are NULL: the mark cleared
    statement.bind(3, id);
    statement.exec();
}

std::vector<Procedure> Procedures::marked_for_update(const std::string& channel) {
    return select_active("channel = ? AND update_wanted IS NOT NULL", channel);
}

std::vector<Procedure> Procedures::owned_by(const std::string& user) {
    return select_active("owner = ?", user);
}

void Procedures::record(const ProcedureEvent& e) {
    CachedStatement insert = db_.prepare(
        "INSERT INTO procedure_history (procedure_id, channel, kind, detail, by_user, local_date, "
        "at) VALUES (?, ?, ?, ?, ?, ?, ?)");
    insert->bind(1, e.procedure_id);
    insert->bind(2, e.channel);
    insert->bind(3, e.kind);
    insert->bind(4, e.detail);
    insert->bind(5, e.by);
    insert->bind(6, e.local_date);
    insert->bind(7, e.at);
    insert->exec();
}

std::vector<ProcedureEvent> Procedures::history(std::int64_t id, std::size_t limit) {
    CachedStatement query = db_.prepare(std::string("SELECT ") + kEventColumns +
                                        " FROM procedure_history WHERE procedure_id = ? "
                                        "ORDER BY id DESC LIMIT ?");
    query.bind(1, id);
    query.bind(2, static_cast<std::int64_t>(limit));
    std::vector<ProcedureEvent> events;
    while (query.executeStep()) events.push_back(read_event(query));
    return events;
}

std::optional<ProcedureEvent> Procedures::last(std::int64_t id, const std::string& kind) {
    CachedStatement query = db_.prepare(std::string("SELECT ") + kEventColumns +
                                        " FROM procedure_history WHERE procedure_id = ? AND "
                                        "kind = ? ORDER BY id DESC LIMIT 1");
    query.bind(1, id);
    query.bind(2, kind);
    if (!query.executeStep()) return std::nullopt;
    return read_event(query);
}

std::vector<ProcedureChange> Procedures::changes(const std::string& channel,
                                                 const std::string& first_date,
                                                 const std::string& last_date) {
    CachedStatement query = db_.prepare(
        "SELECT h.procedure_id, h.channel, h.kind, h.detail, h.by_user, h.local_date, h.at, "
        "p.name FROM procedure_history h JOIN procedures p ON p.id = h.procedure_id "
        "WHERE h.channel = ? AND h.kind = 'changed' AND h.local_date BETWEEN ? AND ? "
        "ORDER BY h.local_date, h.id");
    query.bind(1, channel);
    query.bind(2, first_date);
    query.bind(3, last_date);
    std::vector<ProcedureChange> changes;
    while (query.executeStep()) changes.push_back({query.getColumn(7).getString(), read_event(query)});
    return changes;
}

}  // namespace ritualbot::storage
