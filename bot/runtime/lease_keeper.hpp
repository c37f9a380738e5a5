#pragma once
// The leases this process holds (storage/leases.hpp), by name: taken when free, renewed once a
// third of their time has passed, so work one instance at a time may do (a channel's outbox, a
// helpdesk source's poller) moves to another instance within the lease time when this one dies
// or stops; a lease whose holder is a dead process of this host is taken at once (a restart
// after a crash). Expiry follows the wall clock, not the rituals' clock (a test clock may stand
// still). Runs on the database side (database_calls.hpp) with that side's Database: one thread
// only.

#include "storage/leases.hpp"

#include <chrono>
#include <cstdint>
#include <map>
#include <string>

namespace ritualbot::bot {

struct LeaseOptions {
    std::string holder;  // make_lease_holder()
    std::chrono::milliseconds ttl{30'000};
};

// "<host>:<pid>:<random>": unique per process run, so a restarted instance is a new holder.
std::string make_lease_holder();

class LeaseKeeper {
public:
    LeaseKeeper(storage::Database& db, LeaseOptions options);

    struct Held {
        const storage::Lease* lease = nullptr;  // null: another instance holds it
        bool won_now = false;  // taken from another holder (or first taken) by this call
    };
    // Takes or renews `name` as needed. Writes only when the lease is not held or due renewal;
    // never waits for another process's write lock (then: not held, this time).
    Held hold(const std::string& name, std::int64_t now_ms);

    // True while `name` is still this process's with the epoch it knows: call it inside the
    // transaction that acts on the lease's behalf (the fence).
    bool still_holds(const std::string& name);

    // Lets others take every lease at once (a graceful stop). Failures are ignored: the
    // leases then expire.
    void release_all();

    // How often a holder must look to keep its leases: a third of their time.
    std::chrono::milliseconds renew_interval() const { return options_.ttl / 3; }

private:
    storage::Database& db_;
    LeaseOptions options_;
    std::map<std::string, storage::Lease, std::less<>> held_;
};

}  // namespace ritualbot::bot
