#pragma once
// Signatures of accepted requests, remembered while their timestamp is inside the signature
// window, so that a captured request is refused when sent again. Bounded: when full of
// unexpired entries it refuses new ones rather than forget a live one (forgetting would
// reopen the replay). Only verified signatures are offered, so filling it needs the secret.
// Single-threaded (the io thread).

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>

namespace ritualbot::bot::http {

class ReplayCache {
public:
    enum class Outcome { fresh, replayed, full };

    explicit ReplayCache(std::size_t capacity, std::int64_t window_seconds)
        : capacity_(capacity), window_seconds_(window_seconds) {}

    // Records `signature` (sent at `sent_unix_seconds`) unless it was seen or the cache is full.
    Outcome admit(const std::string& signature, std::int64_t sent_unix_seconds,
                  std::int64_t now_unix_seconds);

    std::size_t size() const { return expiry_of_.size(); }

private:
    void forget_expired(std::int64_t now_unix_seconds);

    std::size_t capacity_;
    std::int64_t window_seconds_;
    std::unordered_map<std::string, std::int64_t> expiry_of_;  // signature -> expiry
    std::multimap<std::int64_t, std::string> by_expiry_;
};

}  // namespace ritualbot::bot::http
