#include "bot/slack/outbox_policy.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace ritualbot::bot::slack;
using std::chrono::milliseconds;
using std::chrono::seconds;

namespace {

// Jitter pinned to its top (factor 1.0) so delays are exact.
OutboxPolicy make_policy(int max_attempts = 3) {
    OutboxSenderOptions options;
    options.per_channel_interval = milliseconds(1000);
    options.retry_base = milliseconds(100);
    options.retry_cap = milliseconds(1000);
    options.max_attempts = max_attempts;
    return OutboxPolicy(options, [] { return 1.0; });
}

struct Row {
    RowEvent event;
    const char* channel;
    const char* method;
    int attempts;
    std::int64_t now;
    std::optional<seconds> retry_after;
    RowAction action;
    std::int64_t at;  // retry_at only
};

void run_table(OutboxPolicy& policy, std::initializer_list<Row> rows) {
    int line = 0;
    for (const Row& row : rows) {
        ++line;
        INFO("row " << line);
        const RowDecision decision = policy.on(row.event, {row.channel, row.method, row.attempts},
                                               row.now, row.retry_after, "some_error");
        CHECK(decision.action == row.action);
        if (row.action == RowAction::retry_at) CHECK(decision.at_ms == row.at);
        CHECK_FALSE(decision.reason.empty());
    }
}

constexpr const char* kPost = "chat.postMessage";
constexpr const char* kEdit = "chat.update";
constexpr const char* kEphemeral = "chat.postEphemeral";

}  // namespace

TEST_CASE("outbox policy: a row that vanished or changed before its claim is skipped") {
    OutboxPolicy policy = make_policy();
    run_table(policy, {
        {RowEvent::claim_lost, "C1", kEdit, 0, 0, {}, RowAction::skip, 0},
    });
    // Skipping is not a call: it neither paces the channel nor counts as an attempt.
    CHECK(policy.free_at("C1", kEdit) == 0);
}

TEST_CASE("outbox policy: posts and edits pace their channel, other channels and methods do not wait") {
    OutboxPolicy policy = make_policy();
    run_table(policy, {
        {RowEvent::sent, "C1", kPost, 1, 5000, {}, RowAction::mark_sent, 0},
        {RowEvent::sent, "C2", kEphemeral, 1, 5000, {}, RowAction::mark_sent, 0},
    });
    CHECK(policy.free_at("C1", kPost) == 6000);
    CHECK(policy.free_at("C1", kEdit) == 6000);
    CHECK(policy.free_at("C2", kEphemeral) == 0);
    CHECK(policy.free_at("C3", kPost) == 0);
    // A failed call paces the channel too.
    run_table(policy, {{RowEvent::transient, "C3", kEdit, 1, 7000, {}, RowAction::retry_at, 7200}});
    CHECK(policy.free_at("C3", kPost) == 8000);
}

TEST_CASE("outbox policy: a 429 holds back that method everywhere, for as long as Slack asked") {
    OutboxPolicy policy = make_policy(1);
    run_table(policy, {
        {RowEvent::rate_limited, "C1", kPost, 1, 1000, seconds(7), RowAction::retry_at, 8000},
        // Without Retry-After: the default pause. Never a give-up, even past max_attempts.
        {RowEvent::rate_limited, "C1", kPost, 5, 9000, {}, RowAction::retry_at, 39'000},
    });
    CHECK(policy.free_at("C9", kPost) == 39'000);
    CHECK(policy.free_at("C9", kEdit) == 0);
}

TEST_CASE("outbox policy: transient failures back off with the shared backoff, then give up") {
    OutboxPolicy policy = make_policy(3);
    run_table(policy, {
        {RowEvent::transient, "C1", kPost, 1, 0, {}, RowAction::retry_at, 200},   // 100 * 2^1
        {RowEvent::auth, "C1", kPost, 2, 1000, {}, RowAction::retry_at, 1400},    // 100 * 2^2
        {RowEvent::transient, "C1", kPost, 3, 2000, {}, RowAction::give_up, 0},
        {RowEvent::transient, "C2", kPost, 2, 0, {}, RowAction::retry_at, 400},
    });
    OutboxPolicy capped = make_policy(100);
    run_table(capped, {{RowEvent::transient, "C1", kPost, 60, 0, {}, RowAction::retry_at, 1000}});
}

TEST_CASE("outbox policy: errors a retry cannot fix give up at once and say why") {
    OutboxPolicy policy = make_policy();
    run_table(policy, {
        {RowEvent::refused, "C1", kPost, 1, 0, {}, RowAction::give_up, 0},
        {RowEvent::corrupt_payload, "C1", kPost, 1, 0, {}, RowAction::give_up, 0},
        {RowEvent::target_unposted, "C1", kEdit, 1, 0, {}, RowAction::give_up, 0},
    });
    const RowDecision refused =
        policy.on(RowEvent::refused, {"C1", kPost, 1}, 0, {}, "msg_too_long");
    CHECK(refused.reason == "msg_too_long");
    const RowDecision paused =
        policy.on(RowEvent::channel_paused, {"C1", kPost, 1}, 0, {}, "left with /ritual leave");
    CHECK(paused.action == RowAction::give_up);
    CHECK(paused.reason == "not sent: the channel left with /ritual leave");
}

TEST_CASE("outbox policy: a channel the bot is no longer in is paused - a DM is not") {
    OutboxPolicy policy = make_policy();
    for (const char* error : {"not_in_channel", "channel_not_found", "is_archived"}) {
        INFO(error);
        for (const char* channel : {"C1", "G1"}) {
            const RowDecision removed =
                policy.on(RowEvent::refused, {channel, kPost, 1}, 0, {}, error);
            CHECK(removed.action == RowAction::pause_channel);
            CHECK(removed.reason == error);
        }
        for (const char* direct : {"D1", "U1"}) {
            CHECK(policy.on(RowEvent::refused, {direct, kPost, 1}, 0, {}, error).action ==
                  RowAction::give_up);
        }
    }
}

TEST_CASE("in-doubt recovery reads any metadata shape and looks up channel posts only") {
    using nlohmann::json;
    const json ours = {{"ts", "1.2"},
                       {"metadata", {{"event_type", "ritualbot_outbox"},
                                     {"event_payload", {{"key", "run:captain:C1:2026-11-30"}}}}}};
    CHECK(outbox_key_of(ours) == "run:captain:C1:2026-11-30");
    // Other apps' metadata: a number, an object or an array where our key would be, a payload
    // that is a string, metadata that is null, a message that is not an object.
    for (const json& other : {
             json{{"metadata", {{"event_payload", {{"key", 42}}}}}},
             json{{"metadata", {{"event_payload", {{"key", {{"nested", true}}}}}}}},
             json{{"metadata", {{"event_payload", {{"key", json::array({1, 2})}}}}}},
             json{{"metadata", {{"event_payload", "text"}}}},
             json{{"metadata", nullptr}},
             json{{"text", "no metadata"}},
             json::array({1, 2}),
             json("a string"),
         }) {
        INFO(other.dump());
        CHECK(outbox_key_of(other).empty());
    }
    CHECK(can_look_up_in_history("C0CREW", "chat.postMessage"));
    CHECK(can_look_up_in_history("G0PRIVATE", "chat.postMessage"));
    CHECK_FALSE(can_look_up_in_history("U0ALICE", "chat.postMessage"));  // a DM by user id
    CHECK_FALSE(can_look_up_in_history("C0CREW", "chat.postEphemeral"));
    CHECK_FALSE(can_look_up_in_history("modal:trigger-1", "views.open"));
    CHECK_FALSE(can_look_up_in_history("S0GROUP", "usergroups.users.update"));
}
