#include "storage/incidents.hpp"

#include <SQLiteCpp/Statement.h>

#include "storage/column_values.hpp"

namespace ritualbot::storage {
namespace {

constexpr const char* kColumns =
    "id, channel, title, summary, timeline, factors, impact, hindsight, countermeasures, state, "
    "created_by, created_at, updated_at, published_by, COALESCE(published_at, 0)";

Incident read(CachedStatement& query) {
    Incident i;
    IncidentFields& f = i.fields;
    std::string state;
    read_columns(query, i.id, i.channel, f.title, f.summary, f.timeline, f.factors, f.impact,
                 f.hindsight, f.countermeasures, state, i.created_by, i.created_at, i.updated_at,
                 i.published_by, i.published_at);
    i.published = state == "published";
    return i;
}

std::vector<Incident> read_all(CachedStatement& query) {
    std::vector<Incident> all;
    while (query.executeStep()) all.push_back(read(query));
    return all;
}

}  // namespace

std::int64_t Incidents::add(const Incident& i) {
    const IncidentFields& f = i.fields;
    CachedStatement insert = db_.prepare(
        "INSERT INTO incidents (channel, title, summary, timeline, factors, impact, hindsight, "
        "countermeasures, created_by, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    bind(*insert, i.channel, f.title, f.summary, f.timeline, f.factors, f.impact, f.hindsight,
         f.countermeasures, i.created_by, i.created_at, i.created_at);
    insert->executeStep();
    return insert->getColumn(0).getInt64();
}

std::optional<Incident> Incidents::find(std::int64_t id) {
    CachedStatement query =
        db_.prepare(std::string("SELECT ") + kColumns + " FROM incidents WHERE id = ?");
    query->bind(1, id);
    if (!query->executeStep()) return std::nullopt;
    return read(*query);
}

bool Incidents::update_draft(std::int64_t id, const IncidentFields& f, std::int64_t now_ms) {
    CachedStatement update = db_.prepare(
        "UPDATE incidents SET title = ?, summary = ?, timeline = ?, factors = ?, impact = ?, "
        "hindsight = ?, countermeasures = ?, updated_at = ? WHERE id = ? AND state = 'draft'");
    bind(*update, f.title, f.summary, f.timeline, f.factors, f.impact, f.hindsight,
         f.countermeasures, now_ms, id);
    return update->exec() == 1;
}

bool Incidents::publish(std::int64_t id, const std::string& by, std::int64_t now_ms) {
    CachedStatement update = db_.prepare(
        "UPDATE incidents SET state = 'published', published_by = ?, published_at = ? "
        "WHERE id = ? AND state = 'draft'");
    bind(*update, by, now_ms, id);
    return update->exec() == 1;
}

std::vector<Incident> Incidents::drafts(const std::string& channel) {
    CachedStatement query = db_.prepare(std::string("SELECT ") + kColumns +
                                        " FROM incidents WHERE channel = ? AND state = 'draft' "
                                        "ORDER BY id");
    query->bind(1, channel);
    return read_all(*query);
}

std::vector<Incident> Incidents::latest(const std::string& channel, std::size_t limit) {
    CachedStatement query = db_.prepare(std::string("SELECT ") + kColumns +
                                        " FROM incidents WHERE channel = ? ORDER BY id DESC "
                                        "LIMIT ?");
    bind(*query, channel, static_cast<std::int64_t>(limit));
    return read_all(*query);
}

void Incidents::add_note(const IncidentNote& n) {
    CachedStatement insert = db_.prepare(
        "INSERT INTO incident_notes (incident_id, text, author, added_by, local_time, "
        "permalink, at) VALUES (?, ?, ?, ?, ?, ?, ?)");
    bind(*insert, n.incident_id, n.text, n.author, n.added_by, n.local_time, n.permalink, n.at);
    insert->exec();
}

std::vector<IncidentNote> Incidents::notes(std::int64_t incident_id) {
    CachedStatement query = db_.prepare(
        "SELECT id, incident_id, text, author, added_by, local_time, permalink, at "
        "FROM incident_notes WHERE incident_id = ? ORDER BY at, id");
    query->bind(1, incident_id);
    std::vector<IncidentNote> notes;
    while (query->executeStep()) {
        IncidentNote n;
        read_columns(*query, n.id, n.incident_id, n.text, n.author, n.added_by, n.local_time,
                     n.permalink, n.at);
        notes.push_back(std::move(n));
    }
    return notes;
}

void Incidents::add_contributor(std::int64_t incident_id, const std::string& user,
                                std::int64_t now_ms) {
    CachedStatement insert = db_.prepare(
        "INSERT INTO incident_contributors (incident_id, user_id, first_at) VALUES (?, ?, ?) "
        "ON CONFLICT DO NOTHING");
    bind(*insert, incident_id, user, now_ms);
    insert->exec();
}

std::vector<std::string> Incidents::contributors(std::int64_t incident_id) {
    CachedStatement query = db_.prepare(
        "SELECT user_id FROM incident_contributors WHERE incident_id = ? "
        "ORDER BY first_at, user_id");
    query->bind(1, incident_id);
    std::vector<std::string> users;
    while (query->executeStep()) users.push_back(query->getColumn(0).getString());
    return users;
}

std::vector<std::int64_t> Incidents::improvements(std::int64_t incident_id) {
    CachedStatement query =
        db_.prepare("SELECT id FROM suggestions WHERE incident_id = ? ORDER BY id");
    query->bind(1, incident_id);
    std::vector<std::int64_t> ids;
    while (query->executeStep()) ids.push_back(query->getColumn(0).getInt64());
    return ids;
}

bool MemberPreferences::thanks(const std::string& user) {
    CachedStatement query = db_.prepare("SELECT thanks FROM member_preferences WHERE user_id = ?");
    query->bind(1, user);
    return !query->executeStep() || query->getColumn(0).getInt() != 0;
}

void MemberPreferences::set_thanks(const std::string& user, bool on, std::int64_t now_ms) {
    CachedStatement upsert = db_.prepare(
        "INSERT INTO member_preferences (user_id, thanks, updated_at) VALUES (?, ?, ?) "
        "ON CONFLICT (user_id) DO UPDATE SET thanks = excluded.thanks, "
        "updated_at = excluded.updated_at");
    bind(*upsert, user, on ? 1 : 0, now_ms);
    upsert->exec();
}

}  // namespace ritualbot::storage
