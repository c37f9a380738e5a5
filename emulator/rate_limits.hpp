#pragma once
// Slack's Web API rate limits as the emulator enforces them, so a bot (or a bench) that calls
// faster than Slack allows meets 429s here first. Each limited call draws on a token bucket:
//   chat.postMessage    one a second per channel, bursts of 2 ("short bursts are allowed")
//   chat.update         Tier 3, 50 a minute per workspace, bursts of a minute's worth
//   chat.postEphemeral  Tier 4, 100 a minute per workspace, bursts of a minute's worth
// Every other method is unlimited here. Slack does not publish its bucket shapes; these are
// the documented rates with the burst its docs allow, which is what a bot can plan against.
// Not thread-safe: the emulator calls it under its state's mutex.

#include <chrono>
#include <map>
#include <string>

namespace ritualbot::emulator {

struct RateLimit {
    double per_minute = 0;
    double burst = 0;  // calls allowed at once after a quiet spell
};

class RateLimits {
public:
    using Clock = std::chrono::steady_clock;

    // The limit of `method`; nullptr when the emulator does not limit it.
    static const RateLimit* limit_of(const std::string& method);

    // Books the call when it is within its limit and returns 0; otherwise books nothing and
    // returns the whole seconds to wait (at least 1), to send as Retry-After.
    int admit(const std::string& method, const std::string& channel, Clock::time_point now);

private:
    struct Bucket {
        double tokens = 0;
        Clock::time_point at{};
    };
    std::map<std::string, Bucket> buckets_;  // by method, or method and channel
};

}  // namespace ritualbot::emulator
