#include "storage/captain_overrides.hpp"

#include <stdexcept>

#include <SQLiteCpp/Statement.h>

namespace ritualbot::storage {
namespace {

OverrideKind parse_kind(const std::string& text, std::int64_t id) {
    for (const OverrideKind kind : {OverrideKind::skip, OverrideKind::pin, OverrideKind::away}) {
        if (text == to_string(kind)) return kind;
    }
    // The CHECK constraint makes this unreachable unless the file was edited by hand.
    throw std::runtime_error("captain override " + std::to_string(id) + " has unknown kind '" +
                             text + "'");
}

}  // namespace

std::string to_string(OverrideKind kind) {
    switch (kind) {
        case OverrideKind::skip:
            return "skip";
        case OverrideKind::pin:
            return "pin";
        case OverrideKind::away:
            return "away";
    }
    return "unknown";
}

std::vector<Override> CaptainOverrides::list(const std::string& channel) {
    CachedStatement query = db_.prepare(
        "SELECT id, kind, user_id, from_date, to_date, partner, note, "
        "created_by, created_at FROM captain_overrides WHERE channel = ? "
        "ORDER BY from_date, id");
    query->bind(1, channel);
    std::vector<Override> out;
    while (query->executeStep()) {
        Override row;
        row.id = query->getColumn(0).getInt64();
        row.kind = parse_kind(query->getColumn(1).getString(), row.id);
        row.user = query->getColumn(2).getString();
        row.from_date = query->getColumn(3).getString();
        row.to_date = query->getColumn(4).getString();
        row.partner = query->getColumn(5).getString();
        row.note = query->getColumn(6).getString();
        row.created_by = query->getColumn(7).getString();
        row.created_at = query->getColumn(8).getInt64();
        out.push_back(std::move(row));
    }
    return out;
}

std::int64_t CaptainOverrides::add(const std::string& channel, const Override& override_) {
    CachedStatement insert = db_.prepare(
        "INSERT INTO captain_overrides (channel, kind, user_id, from_date, "
        "to_date, partner, note, created_by, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    insert->bind(1, channel);
    insert->bind(2, to_string(override_.kind));
    insert->bind(3, override_.user);
    insert->bind(4, override_.from_date);
    insert->bind(5, override_.to_date);
    insert->bind(6, override_.partner);
    insert->bind(7, override_.note);
    insert->bind(8, override_.created_by);
    insert->bind(9, override_.created_at);
    insert->executeStep();
    return insert->getColumn(0).getInt64();
}

bool CaptainOverrides::remove(std::int64_t id) {
    CachedStatement remove = db_.prepare("DELETE FROM captain_overrides WHERE id = ?");
    remove->bind(1, id);
    return remove->exec() == 1;
}

std::vector<Holiday> CaptainOverrides::holidays(const std::string& channel) {
    CachedStatement query = db_.prepare(
        "SELECT date, name FROM captain_holidays WHERE channel = ? "
        "ORDER BY date");
    query->bind(1, channel);
    std::vector<Holiday> out;
    while (query->executeStep()) {
        out.push_back({query->getColumn(0).getString(), query->getColumn(1).getString()});
    }
    return out;
}

bool CaptainOverrides::add_holiday(const std::string& channel, const Holiday& holiday) {
    CachedStatement insert = db_.prepare(
        "INSERT INTO captain_holidays (channel, date, name) VALUES (?, ?, ?) "
        "ON CONFLICT (channel, date) DO NOTHING");
    insert->bind(1, channel);
    insert->bind(2, holiday.date);
    insert->bind(3, holiday.name);
    return insert->exec() == 1;
}

bool CaptainOverrides::remove_holiday(const std::string& channel, const std::string& date) {
    CachedStatement remove =
        db_.prepare("DELETE FROM captain_holidays WHERE channel = ? AND date = ?");
    remove->bind(1, channel);
    remove->bind(2, date);
    return remove->exec() == 1;
}

}  // namespace ritualbot::storage
