#pragma once
// The Socket Mode connection's decisions — reconnect now, back off, give up — as a small
// state machine with no sockets in it (the coroutine in socket_mode_client.cpp only performs
// the steps it returns). Unit-tested by tables of events and expected decisions.

#include <chrono>
#include <functional>
#include <optional>
#include <string>

namespace ritualbot::bot::slack {

// Exponential backoff with jitter: attempt n waits base·2^n scaled by a random factor in
// [0.5, 1.0], capped. The random source is injected so tests are deterministic.
class Backoff {
public:
    using Random = std::function<double()>;  // uniform in [0, 1)
    Backoff(std::chrono::milliseconds base, std::chrono::milliseconds cap, Random random);
    std::chrono::milliseconds next();  // the wait before the next attempt; counts it
    // The wait after `attempt` failures, without counting it (the outbox keeps each row's
    // attempts in its table, so it asks for a given attempt).
    std::chrono::milliseconds delay_for(int attempt) const;
    void reset() { attempt_ = 0; }
    int attempts() const { return attempt_; }

private:
    std::chrono::milliseconds base_;
    std::chrono::milliseconds cap_;
    Random random_;
    int attempt_ = 0;
};

enum class LinkEvent {
    open_failed,  // apps.connections.open answered an error (detail = Slack error code)
    dial_failed,  // TCP/TLS/websocket handshake failed, or no hello in time (detail = reason)
    hello,        // the current connection is ready (does not reset the backoff: see served)
    disconnect,   // a `disconnect` frame (detail = reason)
    closed,       // the current connection ended (detail = error text)
};

enum class NextStep {
    keep_going,      // nothing to do: keep serving on the current connection
    open_new_first,  // make-before-break: open a replacement now, close the old one after hello
    reconnect_after, // the current connection is gone or doomed: wait `delay`, then open a new one
    stop,            // not recoverable by retrying: tell the operator `reason` and stop
};

struct Decision {
    NextStep step = NextStep::keep_going;
    std::chrono::milliseconds delay{0};
    std::string reason;  // what happened and what the bot does next, for one log line
};

class ReconnectPolicy {
public:
    explicit ReconnectPolicy(Backoff backoff);
    Decision on(LinkEvent event, const std::string& detail,
                std::optional<std::chrono::seconds> retry_after = std::nullopt);
    // What the serving connection did since its hello, told when it ends (closed or
    // disconnect) before that event. Only a healthy connection resets the backoff: one that
    // stayed up kHealthyUptime, or acked at least one envelope. A link that drops right after
    // hello carries none and is up for moments, so a flapping link keeps backing off instead of
    // reconnecting in a tight loop; one dropped after carrying envelopes (a proxy recycling
    // busy sockets) is straight back.
    void served(std::chrono::milliseconds up, int envelopes);
    int consecutive_failures() const { return backoff_.attempts(); }

    static constexpr std::chrono::seconds kHealthyUptime{30};

    static constexpr std::chrono::seconds kTooManyWebsocketsPause{60};
    static constexpr std::chrono::seconds kDefaultRateLimitPause{30};

private:
    Decision failure(std::string reason);
    Backoff backoff_;
};

// Slack error codes meaning the token is wrong or revoked: no retry can fix them.
bool is_token_error(const std::string& slack_error);

}  // namespace ritualbot::bot::slack
