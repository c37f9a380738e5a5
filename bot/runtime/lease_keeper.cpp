#include "bot/runtime/lease_keeper.hpp"

#include <signal.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <exception>
#include <random>

namespace ritualbot::bot {
namespace {

std::string host_name() {
    std::array<char, 256> host{};
    if (::gethostname(host.data(), host.size() - 1) != 0) host[0] = '\0';
    return host.data();
}

// True when `holder` (make_lease_holder's form) is a process of this host that no longer
// exists: a restart after a crash need not wait out its own predecessor's leases. Anything
// else (another host, a live or unknown process) is left to expire.
bool gone_from_this_host(const std::string& holder) {
    const std::string prefix = host_name() + ":";
    if (holder.rfind(prefix, 0) != 0) return false;
    const std::size_t end = holder.find(':', prefix.size());
    if (end == std::string::npos) return false;
    const std::string pid_text = holder.substr(prefix.size(), end - prefix.size());
    if (pid_text.empty() || pid_text.find_first_not_of("0123456789") != std::string::npos ||
        pid_text.size() > 9)
        return false;
    const pid_t pid = static_cast<pid_t>(std::stol(pid_text));
    return pid != ::getpid() && ::kill(pid, 0) != 0 && errno == ESRCH;
}

}  // namespace

std::string make_lease_holder() {
    std::random_device seed;
    return host_name()
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
        storage::Leases leases(db_);
        lease = leases.acquire(name, options_.holder, now_ms, ttl);
        if (!lease) {
            const auto stale = leases.find(name);
            if (stale && gone_from_this_host(stale->holder))
                lease = leases.take_over(*stale, options_.holder, now_ms, ttl);
        }
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
