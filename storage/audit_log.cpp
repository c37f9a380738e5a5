#include "storage/audit_log.hpp"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/VariadicBind.h>

namespace ritualbot::storage {

std::int64_t AuditLog::record(const AuditEntry& entry) {
    CachedStatement insert = db_.prepare(
        "INSERT INTO audit_log (channel, actor, action, detail, at) "
        "VALUES (?, ?, ?, ?, ?) RETURNING id");
    bind(*insert, entry.channel, entry.actor, entry.action, entry.detail, entry.at);
    insert->executeStep();
    return insert->getColumn(0).getInt64();
}

std::vector<AuditEntry> AuditLog::recent(const std::string& channel, std::size_t limit) {
    CachedStatement query = db_.prepare(
        "SELECT id, channel, actor, action, detail, at FROM audit_log "
        "WHERE channel = ? ORDER BY id DESC LIMIT ?");
    bind(*query, channel, static_cast<std::int64_t>(limit));
    std::vector<AuditEntry> entries;
    while (query->executeStep()) {
        entries.push_back({query->getColumn(0).getInt64(), query->getColumn(1).getString(),
                           query->getColumn(2).getString(), query->getColumn(3).getString(),
                           query->getColumn(4).getString(), query->getColumn(5).getInt64()});
    }
    return entries;
}

}  // namespace ritualbot::storage
