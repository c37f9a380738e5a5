#include "emulator/rate_limits.hpp"

#include <algorithm>
#include <cmath>

namespace ritualbot::emulator {
namespace {

constexpr RateLimit kPostMessage{60, 2};
constexpr RateLimit kUpdate{50, 50};
constexpr RateLimit kEphemeral{100, 100};

}  // namespace

const RateLimit* RateLimits::limit_of(const std::string& method) {
    if (method == "chat.postMessage") return &kPostMessage;
    if (method == "chat.update") return &kUpdate;
    if (method == "chat.postEphemeral") return &kEphemeral;
    return nullptr;
}

int RateLimits::admit(const std::string& method, const std::string& channel,
                      Clock::time_point now) {
    const RateLimit* limit = limit_of(method);
    if (limit == nullptr) return 0;
    // chat.postMessage is limited per channel, the tiers per workspace (one here).
    const std::string key = method == "chat.postMessage" ? method + ":" + channel : method;
    const auto [it, fresh] = buckets_.try_emplace(key, Bucket{limit->burst, now});
    Bucket& bucket = it->second;
    const double per_second = limit->per_minute / 60.0;
    if (!fresh) {
        const double elapsed = std::chrono::duration<double>(now - bucket.at).count();
        bucket.tokens = std::min(limit->burst, bucket.tokens + elapsed * per_second);
        bucket.at = now;
    }
    if (bucket.tokens >= 1.0) {
        bucket.tokens -= 1.0;
        return 0;
    }
    return std::max(1, static_cast<int>(std::ceil((1.0 - bucket.tokens) / per_second)));
}

}  // namespace ritualbot::emulator
