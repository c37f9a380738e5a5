#pragma once

// Leases: work that one instance at a time may do when several share the database (a
// channel's outbox, a helpdesk source's poller). A lease is held by one holder (a process)
// until it expires; its holder renews it well before that. Each change of holder raises the
// lease's epoch, the fencing token: a holder that was paused past its lease still believes it
// holds it, so everything it writes on the lease's behalf checks holds() in the same
// transaction, and writes nothing once another holder took over.
// One SQL text per call that PostgreSQL 15 accepts as well (ON CONFLICT … DO UPDATE … WHERE,
// RETURNING, $n parameters). Expiry compares the caller's clock: fine on one host (SQLite).
// Threading: like the Database it holds a reference to, one thread only.

#include <cstdint>
#include <optional>
#include <string>

#include "storage/database.hpp"

namespace ritualbot::storage {

struct Lease {
    std::string name;    // e.g. "outbox:C123"
    std::string holder;  // the process, e.g. "host:4242:9f3a…"
    std::int64_t epoch = 0;
    std::int64_t expires_at = 0;  // unix ms
};

class Leases {
public:
    explicit Leases(Database& db) : db_(db) {}

    // Takes `name` for `holder` until now_ms + ttl_ms when it is free, expired or already this
    // holder's (then it is renewed, epoch unchanged). nullopt, changing nothing, while another
    // holder's lease runs.
    std::optional<Lease> acquire(const std::string& name, const std::string& holder,
                                 std::int64_t now_ms, std::int64_t ttl_ms);

    // True while `lease` is the current one: same holder and epoch, whether or not it expired
    // (an expired lease nobody took over is still safe to act on). Call it inside the write
    // transaction that acts on the lease's behalf: SQLite's write lock keeps a takeover out
    // until it commits (PostgreSQL's port reads the row FOR SHARE for the same effect).
    bool holds(const Lease& lease);

    // Takes `stale` (as find() returned it) for `holder` before it expires, when the caller
    // knows its holder is gone (a dead process on this host); nullopt, changing nothing, when
    // it changed since it was read.
    std::optional<Lease> take_over(const Lease& stale, const std::string& holder,
                                   std::int64_t now_ms, std::int64_t ttl_ms);

    // Lets others take the lease at once (a graceful stop); nothing when no longer held.
    void release(const Lease& lease);

    std::optional<Lease> find(const std::string& name);

private:
    Database& db_;
};

}  // namespace ritualbot::storage
