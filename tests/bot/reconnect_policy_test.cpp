#include "bot/slack/reconnect_policy.hpp"

#include <catch2/catch.hpp>

using namespace ritualbot::bot::slack;
using std::chrono::milliseconds;
using std::chrono::seconds;

namespace {

// Jitter pinned to its top (factor 1.0) so delays are exact.
ReconnectPolicy make_policy() {
    return ReconnectPolicy(Backoff(milliseconds(1000), milliseconds(60'000), [] { return 1.0; }));
}

struct Row {
    LinkEvent event;
    const char* detail;
    NextStep step;
    milliseconds delay;
};

void run_table(ReconnectPolicy& policy, std::initializer_list<Row> rows) {
    int line = 0;
    for (const Row& row : rows) {
        ++line;
        INFO("row " << line << ": " << row.detail);
        const Decision decision = policy.on(row.event, row.detail);
        CHECK(decision.step == row.step);
        CHECK(decision.delay == row.delay);
        CHECK_FALSE(decision.reason.empty());
    }
}

}  // namespace

TEST_CASE("backoff doubles, caps, and is scaled by jitter into [0.5, 1.0]") {
    double r = 0.0;
    Backoff backoff(milliseconds(100), milliseconds(1000), [&] { return r; });
    CHECK(backoff.next() == milliseconds(50));   // 100 * 0.5
    CHECK(backoff.next() == milliseconds(100));  // 200 * 0.5
    r = 1.0;
    CHECK(backoff.next() == milliseconds(400));
    CHECK(backoff.next() == milliseconds(800));
    CHECK(backoff.next() == milliseconds(1000));  // capped
    for (int i = 0; i < 100; ++i) CHECK(backoff.next() == milliseconds(1000));  // no overflow
    backoff.reset();
    CHECK(backoff.next() == milliseconds(100));
}

TEST_CASE("failures back off exponentially and a healthy connection resets the backoff") {
    ReconnectPolicy policy = make_policy();
    run_table(policy, {
        {LinkEvent::dial_failed, "connection refused", NextStep::reconnect_after, milliseconds(1000)},
        {LinkEvent::open_failed, "internal_error", NextStep::reconnect_after, milliseconds(2000)},
        {LinkEvent::closed, "connection dropped", NextStep::reconnect_after, milliseconds(4000)},
        {LinkEvent::hello, "", NextStep::keep_going, milliseconds(0)},
    });
    // Each connection below proves healthy (served) before it ends.
    policy.served(ReconnectPolicy::kHealthyUptime, 0);
    run_table(policy, {
        // A healthy connection lost once: straight back; lost again before a hello: back off.
        {LinkEvent::closed, "connection dropped", NextStep::reconnect_after, milliseconds(0)},
        {LinkEvent::dial_failed, "connection refused", NextStep::reconnect_after, milliseconds(2000)},
        {LinkEvent::hello, "", NextStep::keep_going, milliseconds(0)},
    });
    policy.served(milliseconds(10), 1);
    run_table(policy, {
        {LinkEvent::closed, "connection dropped", NextStep::reconnect_after, milliseconds(0)},
        {LinkEvent::hello, "", NextStep::keep_going, milliseconds(0)},
    });
    policy.served(ReconnectPolicy::kHealthyUptime, 0);
    CHECK(policy.consecutive_failures() == 0);
}

TEST_CASE("refresh and warning disconnects open a replacement first, without backoff") {
    ReconnectPolicy policy = make_policy();
    run_table(policy, {
        {LinkEvent::dial_failed, "refused", NextStep::reconnect_after, milliseconds(1000)},
        {LinkEvent::hello, "", NextStep::keep_going, milliseconds(0)},
        {LinkEvent::disconnect, "refresh_requested", NextStep::open_new_first, milliseconds(0)},
        {LinkEvent::hello, "", NextStep::keep_going, milliseconds(0)},
        {LinkEvent::disconnect, "warning", NextStep::open_new_first, milliseconds(0)},
        {LinkEvent::disconnect, "some_future_reason", NextStep::open_new_first, milliseconds(0)},
    });
}

TEST_CASE("Slack saying retrying is pointless stops the client with an actionable reason") {
    for (const char* error : {"invalid_auth", "not_authed", "account_inactive", "token_revoked"}) {
        ReconnectPolicy policy = make_policy();
        const Decision decision = policy.on(LinkEvent::open_failed, error);
        CHECK(decision.step == NextStep::stop);
        CHECK_THAT(decision.reason, Catch::Contains("SLACK_APP_TOKEN"));
        CHECK_THAT(decision.reason, Catch::Contains(error));
    }
    ReconnectPolicy policy = make_policy();
    const Decision disabled = policy.on(LinkEvent::disconnect, "link_disabled");
    CHECK(disabled.step == NextStep::stop);
    CHECK_THAT(disabled.reason, Catch::Contains("Socket Mode"));
}

TEST_CASE("rate limits and too_many_websockets pause instead of hammering Slack") {
    ReconnectPolicy policy = make_policy();
    const Decision limited = policy.on(LinkEvent::open_failed, "ratelimited", seconds(7));
    CHECK(limited.step == NextStep::reconnect_after);
    CHECK(limited.delay == seconds(7));
    const Decision default_pause = policy.on(LinkEvent::open_failed, "ratelimited");
    CHECK(default_pause.delay == ReconnectPolicy::kDefaultRateLimitPause);
    const Decision too_many = policy.on(LinkEvent::disconnect, "too_many_websockets");
    CHECK(too_many.step == NextStep::reconnect_after);
    CHECK(too_many.delay == ReconnectPolicy::kTooManyWebsocketsPause);
}

TEST_CASE("only a healthy connection resets the backoff: a link that drops right after hello keeps backing off") {
    using std::chrono::milliseconds;
    const milliseconds just_now(200);
    ReconnectPolicy flapping = make_policy();
    run_table(flapping, {
        {LinkEvent::dial_failed, "connection refused", NextStep::reconnect_after, milliseconds(1000)},
        {LinkEvent::hello, "", NextStep::keep_going, milliseconds(0)},
    });
    flapping.served(just_now, 0);  // dropped right after hello, carried nothing
    run_table(flapping, {
        {LinkEvent::closed, "connection dropped", NextStep::reconnect_after, milliseconds(2000)},
        {LinkEvent::hello, "", NextStep::keep_going, milliseconds(0)},
    });
    flapping.served(ReconnectPolicy::kHealthyUptime - milliseconds(1), 0);
    run_table(flapping, {
        {LinkEvent::closed, "connection dropped", NextStep::reconnect_after, milliseconds(4000)},
    });
    CHECK(flapping.consecutive_failures() == 3);

    for (const auto& [up, envelopes] : {std::pair{milliseconds(ReconnectPolicy::kHealthyUptime), 0},
                                        std::pair{just_now, 1}}) {
        INFO("up " << up.count() << " ms, " << envelopes << " envelopes");
        ReconnectPolicy policy = make_policy();
        run_table(policy, {
            {LinkEvent::dial_failed, "connection refused", NextStep::reconnect_after, milliseconds(1000)},
            {LinkEvent::closed, "connection dropped", NextStep::reconnect_after, milliseconds(2000)},
            {LinkEvent::hello, "", NextStep::keep_going, milliseconds(0)},
        });
        CHECK(policy.consecutive_failures() == 2);
        policy.served(up, envelopes);
        CHECK(policy.consecutive_failures() == 0);
        run_table(policy, {
            {LinkEvent::closed, "connection dropped", NextStep::reconnect_after, milliseconds(0)},
        });
    }
}
