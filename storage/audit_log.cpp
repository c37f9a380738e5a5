#include "storage/audit_log.hpp"

#include <SQLiteCpp/Statement.h>

namespace ritualbot::storage {

std::int64_t AuditLog::record(const AuditEntry& entry) {
    CachedStatement insert = db_.prepare(
        "INSERT INTO audit_log (channel, actor, action, detail, at) "
        "VALUES (?, ?, ?, ?, ?)");
    insert->bind(1, entry.channel);
    insert->bind(2, entry.actor);
    insert->bind(3, entry.action);
    insert->bind(4, entry.detail);
    insert->bind(5, entry.at);
    insert->exec();
    return db_.sql().getLastInsertRowid();
}

std::vector<AuditEntry> AuditLog::recent(const std::string& channel, std::size_t limit) {
    CachedStatement query = db_.prepare(
        "SELECT id, channel, actor, action, detail, at FROM audit_log "
        "WHERE channel = ? ORDER BY id DESC LIMIT ?");
    query->bind(1, channel);
    query->bind(2, static_cast<std::int64_t>(limit));
    std::vector<AuditEntry> entries;
    while (query->executeStep()) {
        entries.push_back({query->getColumn(0).getInt64(), query->getColumn(1).getString(),
                           query->getColumn(2).getString(), query->getColumn(3).getString(),
                           query->getColumn(4).getString(), query->getColumn(5).getInt64()});
    }
    return entries;
}

}  // namespace ritualbot::storage
