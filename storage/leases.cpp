#include "storage/leases.hpp"

namespace ritualbot::storage {

std::optional<Lease> Leases::acquire(const std::string& name, const std::string& holder,
                                     std::int64_t now_ms, std::int64_t ttl_ms) {
    // Parameters are bound by name: SQLite reads $n as a name, PostgreSQL as a position.
    CachedStatement upsert = db_.prepare(
        "INSERT INTO leases (name, holder, epoch, expires_at) VALUES (?1, ?2, 1, ?3) "
        "ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, "
        "epoch = CASE WHEN leases.holder = excluded.holder THEN leases.epoch "
        "ELSE leases.epoch + 1 END, expires_at = excluded.expires_at "
        "WHERE leases.holder = excluded.holder OR leases.expires_at <= ?4 "
        "RETURNING epoch");
    upsert->bind(1, name);
    upsert->bind(2, holder);
    upsert->bind(3, now_ms + ttl_ms);
    upsert->bind(4, now_ms);
    if (!upsert->executeStep()) return std::nullopt;
    return Lease{name, holder, upsert->getColumn(0).getInt64(), now_ms + ttl_ms};
}

bool Leases::holds(const Lease& lease) {
    CachedStatement query =
        db_.prepare("SELECT 1 FROM leases WHERE name = ?1 AND holder = ?2 AND epoch = ?3");
    query->bind(1, lease.name);
    query->bind(2, lease.holder);
    query->bind(3, lease.epoch);
    return query->executeStep();
}

std::optional<Lease> Leases::take_over(const Lease& stale, const std::string& holder,
                                       std::int64_t now_ms, std::int64_t ttl_ms) {
    CachedStatement update = db_.prepare(
        "UPDATE leases SET holder = ?4, epoch = epoch + 1, expires_at = ?5 "
        "WHERE name = ?1 AND holder = ?2 AND epoch = ?3 RETURNING epoch");
    update->bind(1, stale.name);
    update->bind(2, stale.holder);
    update->bind(3, stale.epoch);
    update->bind(4, holder);
    update->bind(5, now_ms + ttl_ms);
    if (!update->executeStep()) return std::nullopt;
    return Lease{stale.name, holder, update->getColumn(0).getInt64(), now_ms + ttl_ms};
}

void Leases::release(const Lease& lease) {
    CachedStatement update = db_.prepare(
        "UPDATE leases SET expires_at = 0 WHERE name = ?1 AND holder = ?2 AND epoch = ?3");
    update->bind(1, lease.name);
    update->bind(2, lease.holder);
    update->bind(3, lease.epoch);
    update->exec();
}

std::optional<Lease> Leases::find(const std::string& name) {
    CachedStatement query =
        db_.prepare("SELECT holder, epoch, expires_at FROM leases WHERE name = ?1");
    query->bind(1, name);
    if (!query->executeStep()) return std::nullopt;
    return Lease{name, query->getColumn(0).getString(), query->getColumn(1).getInt64(),
                 query->getColumn(2).getInt64()};
}

}  // namespace ritualbot::storage
