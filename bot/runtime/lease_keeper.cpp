#include "bot/runtime/lease_keeper.hpp"

#include <unistd.h>

#include <array>
#include <exception>
#include <random>

namespace ritualbot::bot {

std::string make_lease_holder() {
    std::array<char, 256> host{};
    if (::gethostname(host.data(), host.size() - 1) != 0) host[0] = '\0';
    std::random_device seed;
    return std::string(host.data())
        .append(":")
        .append(std::to_string(::getpid()))
        .append(":")
        .append(std::to_string(seed()));
}

LeaseKeeper::LeaseKeeper(storage::Database& db, LeaseOptions options)
    : db_(db), options_(std::move(options)) {}

LeaseKeeper::Held LeaseKeeper::hold(const std::string& name, std::int64_t now_ms) {
    const auto known = held_.find(name);
    const std::int64_t ttl = options_.ttl.count();
    if (known != held_.end() && known->second.expires_at - now_ms > ttl - renew_interval().count())
        return {&known->second, false};
    std::optional<storage::Lease> lease;
    try {
        const storage::NoLockWait no_wait(db_);  // on the io thread: never sleep on the lock
        lease = storage::Leases(db_).acquire(name, options_.holder, now_ms, ttl);
    } catch (const std::exception& e) {
        if (!storage::is_busy(e)) throw;
        return {};  // not known this time; tried again on the next look
    }
    if (!lease) {
        if (known != held_.end()) held_.erase(known);
        return {};
    }
    const bool won_now = known == held_.end() || known->second.epoch != lease->epoch;
    storage::Lease& stored = held_[name];
    stored = *lease;
    return {&stored, won_now};
}

bool LeaseKeeper::still_holds(const std::string& name) {
    const auto known = held_.find(name);
    return known != held_.end() && storage::Leases(db_).holds(known->second);
}

void LeaseKeeper::release_all() {
    for (const auto& [name, lease] : held_) {
        try {
            storage::Leases(db_).release(lease);
        } catch (const std::exception&) {
            // A busy database: the lease expires by itself.
        }
    }
    held_.clear();
}

}  // namespace ritualbot::bot
