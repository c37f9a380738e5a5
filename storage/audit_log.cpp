#include "storage/audit_log.hpp"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/VariadicBind.h>

namespace ritualbot::storage {

void AuditLog::record(const AuditEntry& entry) {
    // No RETURNING: on SQLite it stages the returned row in an ephemeral table whose page cache
    // is allocated and freed on every call, a fifth of a vote's kernel time (bench/README.md).
    CachedStatement insert = db_.prepare(
        "INSERT INTO audit_log (channel, actor, action, detail, at) VALUES (?, ?, ?, ?, ?)");
    bind(*insert, entry.channel, entry.actor, entry.action, entry.detail, entry.at);
    insert->exec();
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
