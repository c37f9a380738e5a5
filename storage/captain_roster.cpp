#include "storage/captain_roster.hpp"

#include <SQLiteCpp/Statement.h>

namespace ritualbot::storage {

std::optional<RotationStart> CaptainRoster::start(const std::string& channel) {
    CachedStatement query =
        db_.prepare("SELECT started_at, epoch_date FROM captain_rotation WHERE channel = ?");
    query->bind(1, channel);
    if (!query->executeStep()) return std::nullopt;
    return RotationStart{query->getColumn(0).getInt64(), query->getColumn(1).getString()};
}

void CaptainRoster::set_start(const std::string& channel, const RotationStart& start) {
    CachedStatement insert = db_.prepare(
        "INSERT INTO captain_rotation (channel, started_at, epoch_date) "
        "VALUES (?, ?, ?) ON CONFLICT (channel) DO NOTHING");
    insert->bind(1, channel);
    insert->bind(2, start.started_at);
    insert->bind(3, start.epoch_date);
    insert->exec();
}

std::vector<std::string> CaptainRoster::channels() {
    CachedStatement query = db_.prepare("SELECT channel FROM captain_rotation ORDER BY channel");
    std::vector<std::string> out;
    while (query->executeStep()) out.push_back(query->getColumn(0).getString());
    return out;
}

std::vector<RosterMember> CaptainRoster::members(const std::string& channel) {
    CachedStatement query = db_.prepare(
        "SELECT user_id, position, credit, joined_at FROM captain_roster "
        "WHERE channel = ? ORDER BY position");
    query->bind(1, channel);
    std::vector<RosterMember> out;
    while (query->executeStep()) {
        out.push_back({query->getColumn(0).getString(), query->getColumn(1).getInt64(),
                       query->getColumn(2).getInt64(), query->getColumn(3).getInt64()});
    }
    return out;
}

std::vector<std::string> CaptainRoster::channels_listing(const std::string& user) {
    CachedStatement query =
        db_.prepare("SELECT channel FROM captain_roster WHERE user_id = ? ORDER BY channel");
    query->bind(1, user);
    std::vector<std::string> out;
    while (query->executeStep()) out.push_back(query->getColumn(0).getString());
    return out;
}

bool CaptainRoster::add(const std::string& channel, const std::string& user, std::int64_t credit,
                        std::int64_t now_ms) {
    CachedStatement insert = db_.prepare(
        "INSERT INTO captain_roster (channel, user_id, position, credit, joined_at) "
        "VALUES (?1, ?2, (SELECT COALESCE(MAX(position), 0) + 1 FROM captain_roster "
        "WHERE channel = ?1), ?3, ?4) ON CONFLICT (channel, user_id) DO NOTHING");
    insert->bind(1, channel);
    insert->bind(2, user);
    insert->bind(3, credit);
    insert->bind(4, now_ms);
    return insert->exec() == 1;
}

bool CaptainRoster::remove(const std::string& channel, const std::string& user) {
    CachedStatement remove =
        db_.prepare("DELETE FROM captain_roster WHERE channel = ? AND user_id = ?");
    remove->bind(1, channel);
    remove->bind(2, user);
    return remove->exec() == 1;
}

std::vector<ShiftRecord> CaptainRoster::shifts(const std::string& channel) {
    CachedStatement query = db_.prepare(
        "SELECT start_date, user_id, started_at, turn_position FROM captain_shifts "
        "WHERE channel = ? ORDER BY start_date");
    query->bind(1, channel);
    std::vector<ShiftRecord> out;
    while (query->executeStep()) {
        out.push_back({query->getColumn(0).getString(), query->getColumn(1).getString(),
                       query->getColumn(2).getInt64(), query->getColumn(3).getInt64()});
    }
    return out;
}

bool CaptainRoster::record_shift(const std::string& channel, const ShiftRecord& shift) {
    CachedStatement insert = db_.prepare(
        "INSERT INTO captain_shifts (channel, start_date, user_id, "
        "started_at, turn_position) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (channel, start_date) DO NOTHING");
    insert->bind(1, channel);
    insert->bind(2, shift.start_date);
    insert->bind(3, shift.user);
    insert->bind(4, shift.started_at);
    insert->bind(5, shift.turn_position);
    return insert->exec() == 1;
}

bool CaptainRoster::delete_shift(const std::string& channel, const std::string& start_date) {
    CachedStatement remove =
        db_.prepare("DELETE FROM captain_shifts WHERE channel = ? AND start_date = ?");
    remove->bind(1, channel);
    remove->bind(2, start_date);
    return remove->exec() == 1;
}

std::optional<Handoff> CaptainRoster::handoff(const std::string& channel) {
    CachedStatement query = db_.prepare(
        "SELECT handoff_text, handoff_by, handoff_at FROM captain_rotation "
        "WHERE channel = ? AND handoff_text IS NOT NULL");
    query->bind(1, channel);
    if (!query->executeStep()) return std::nullopt;
    return Handoff{query->getColumn(0).getString(), query->getColumn(1).getString(),
                   query->getColumn(2).getInt64()};
}

void CaptainRoster::set_handoff(const std::string& channel, const Handoff& handoff) {
    CachedStatement update = db_.prepare(
        "UPDATE captain_rotation SET handoff_text = ?, handoff_by = ?, "
        "handoff_at = ? WHERE channel = ?");
    update->bind(1, handoff.text);
    update->bind(2, handoff.by);
    update->bind(3, handoff.at);
    update->bind(4, channel);
    update->exec();
}

void CaptainRoster::clear_handoff(const std::string& channel) {
    CachedStatement update = db_.prepare(
        "UPDATE captain_rotation SET handoff_text = NULL, handoff_by = NULL, "
        "handoff_at = NULL WHERE channel = ?");
    update->bind(1, channel);
    update->exec();
}

}  // namespace ritualbot::storage
