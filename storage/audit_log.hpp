#pragma once

// Who changed what, when, in which channel. Write the entry inside the same Transaction as the
// change it describes, so the log never claims a change that was rolled back, nor misses one.
// Threading: like the Database it holds a reference to, one thread only.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "storage/database.hpp"

namespace ritualbot::storage {

struct AuditEntry {
    std::int64_t id = 0;  // assigned by the database (read back by recent())
    std::string channel;
    std::string actor;   // Slack user id, or "ritualbot" for scheduled changes
    std::string action;  // e.g. "captain.roster.add"
    std::string detail;  // human-readable, e.g. "U2 at position 3"
    std::int64_t at = 0;
};

class AuditLog {
public:
    explicit AuditLog(Database& db) : db_(db) {}

    void record(const AuditEntry& entry);  // entry.id is ignored

    // The channel's latest entries, newest first.
    std::vector<AuditEntry> recent(const std::string& channel, std::size_t limit);

private:
    Database& db_;
};

}  // namespace ritualbot::storage
