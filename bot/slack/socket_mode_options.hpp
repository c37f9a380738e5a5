#pragma once
// The Socket Mode client's timings, shared by the supervisor and each connection.

#include <chrono>

namespace ritualbot::bot::slack {

// Socket Mode's own clock for silences and deadlines; not commands::Clock (the rituals' time).
using SteadyClock = std::chrono::steady_clock;

struct SocketModeOptions {
    std::chrono::seconds ping_after_silence{10};  // send our own ping after this long unheard
    std::chrono::seconds dead_after_silence{30};  // then give the socket up
    std::chrono::seconds hello_timeout{30};       // from dialling to `hello`
    std::chrono::milliseconds backoff_base{1000};
    std::chrono::milliseconds backoff_cap{120'000};
};

}  // namespace ritualbot::bot::slack
