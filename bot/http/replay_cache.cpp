#include "bot/http/replay_cache.hpp"

namespace ritualbot::bot::http {

ReplayCache::Outcome ReplayCache::admit(const std::string& signature,
                                        std::int64_t sent_unix_seconds,
                                        std::int64_t now_unix_seconds) {
    forget_expired(now_unix_seconds);
    if (expiry_of_.count(signature) != 0) return Outcome::replayed;
    if (expiry_of_.size() >= capacity_) return Outcome::full;
    // The signature checker accepts `sent` only within the window of now, so this is bounded.
    const std::int64_t expiry = sent_unix_seconds + window_seconds_;
    expiry_of_.emplace(signature, expiry);
    by_expiry_.emplace(expiry, signature);
    return Outcome::fresh;
}

void ReplayCache::forget_expired(std::int64_t now_unix_seconds) {
    auto it = by_expiry_.begin();
    while (it != by_expiry_.end() && it->first < now_unix_seconds) {
        expiry_of_.erase(it->second);
        it = by_expiry_.erase(it);
    }
}

}  // namespace ritualbot::bot::http
