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
constexpr const char* kResponseUrl = "response_url";

}  // namespace

TEST_CASE("outbox policy: a row that vanished or changed before its claim is skipped") {
    OutboxPolicy policy = make_policy();
    run_table(policy, {
        {RowEvent::claim_lost, "C1", kEdit, 0, 0, {}, RowAction::skip, 0},
    });
    // Skipping is not a call: it neither paces the channel nor counts as an attempt.
    CHECK(policy.free_at("edit:C1", kEdit, 0) == 0);
}

TEST_CASE("outbox policy: posts pace their channel, edits and answers have lanes of their own") {
    OutboxPolicy policy = make_policy();
    run_table(policy, {
        {RowEvent::sent, "C1", kPost, 1, 5000, {}, RowAction::mark_sent, 0},
        {RowEvent::sent, "edit:C2", kEdit, 1, 5000, {}, RowAction::mark_sent, 0},
        {RowEvent::sent, "respond:U1", kResponseUrl, 1, 5000, {}, RowAction::mark_sent, 0},
    });
    CHECK(policy.free_at("C1", kPost, 5000) == 6000);
    CHECK(policy.free_at("edit:C1", kEdit, 5000) == 0);  // an edit never waits behind posts
    CHECK(policy.free_at("edit:C2", kEdit, 5000) == 0);
    CHECK(policy.free_at("respond:U1", kResponseUrl, 5000) == 0);
    CHECK(policy.free_at("C3", kPost, 5000) == 0);
    // A failed post paces the channel too.
    run_table(policy, {{RowEvent::transient, "C3", kPost, 1, 7000, {}, RowAction::retry_at, 7200}});
    CHECK(policy.free_at("C3", kPost, 7000) == 8000);
}

TEST_CASE("outbox policy: chat.update keeps to Tier 3 and keeps a share for every waiting ballot") {
    OutboxPolicy policy = make_policy();
    REQUIRE(budget_of(kEdit) != nullptr);
    REQUIRE(budget_of(kEdit)->per_minute == 50);
    const auto burst = static_cast<int>(budget_of(kEdit)->burst);
    // A quiet workspace: the whole burst at once, then one call per 1.2 s (50 a minute).
    std::int64_t now = 100'000;
    for (int i = 0; i < burst; ++i) {
        INFO("call " << i);
        REQUIRE(policy.free_at("edit:C1", kEdit, now) <= now);
        policy.on(RowEvent::sent, {"edit:C1", kEdit, 1}, now);
    }
    CHECK(policy.free_at("edit:C1", kEdit, now) == now + 1200);
    now += 1200;
    CHECK(policy.free_at("edit:C1", kEdit, now) <= now);

    // After a minute's quiet the burst is back. Twenty ballots are busy: each call keeps one
    // for every other one waiting, so the budget never drains below their newest edits.
    now += 60'000;
    const std::size_t others = 19;
    int sent = 0;
    while (policy.free_at("edit:C1", kEdit, now, others) <= now) {
        policy.on(RowEvent::sent, {"edit:C1", kEdit, 1}, now);
        ++sent;
        REQUIRE(sent <= burst);
    }
    CHECK(sent == burst - static_cast<int>(others));
    // The storm ends: each ballot's last edit goes, one after another, with no wait.
    for (std::size_t waiting = others; waiting-- > 0;) {
        INFO(waiting << " others still waiting");
        CHECK(policy.free_at("edit:C" + std::to_string(waiting), kEdit, now, waiting) <= now);
        policy.on(RowEvent::sent, {"edit:C" + std::to_string(waiting), kEdit, 1}, now);
    }
    CHECK(policy.free_at("edit:C1", kEdit, now) > now);  // and the budget is spent
}

TEST_CASE("outbox policy: calls under way hold their share of a method's budget") {
    OutboxPolicy policy = make_policy();
    const auto burst = static_cast<std::size_t>(budget_of(kEdit)->burst);
    const std::int64_t now = 100'000;
    // A quiet workspace has the whole burst; calls started side by side and not answered yet
    // may take all of it, and not one more.
    for (std::size_t under_way = 0; under_way < burst; ++under_way) {
        INFO(under_way << " calls under way");
        CHECK(policy.free_at("edit:C" + std::to_string(under_way), kEdit, now, 0, under_way) <=
              now);
    }
    CHECK(policy.free_at("edit:C99", kEdit, now, 0, burst) > now);
    // Their answers charge the budget; none is under way any more and it is just as spent.
    for (std::size_t i = 0; i < burst; ++i)
        policy.on(RowEvent::sent, {"edit:C" + std::to_string(i), kEdit, 1}, now);
    CHECK(policy.free_at("edit:C99", kEdit, now, 0, 0) > now);
    // A method paced otherwise is not held back by calls under way.
    CHECK(policy.free_at("C1", kPost, now, 0, 8) == 0);
}

TEST_CASE("outbox policy: chat.postEphemeral keeps to Tier 4, 100 a minute per workspace") {
    OutboxPolicy policy = make_policy();
    std::int64_t now = 0;
    for (int i = 0; i < 100; ++i) {
        REQUIRE(policy.free_at("C" + std::to_string(i % 7), kEphemeral, now) <= now);
        policy.on(RowEvent::sent, {"C" + std::to_string(i % 7), kEphemeral, 1}, now);
    }
    CHECK(policy.free_at("C9", kEphemeral, now) == now + 600);
    CHECK(policy.free_at("respond:U1", kResponseUrl, now) == 0);  // not drawn from that budget
}

TEST_CASE("outbox policy: a 429 holds back that method everywhere, for as long as Slack asked") {
    OutboxPolicy policy = make_policy(1);
    run_table(policy, {
        {RowEvent::rate_limited, "C1", kPost, 1, 1000, seconds(7), RowAction::retry_at, 8000},
        // Without Retry-After: the default pause. Never a give-up, even past max_attempts.
        {RowEvent::rate_limited, "C1", kPost, 5, 9000, {}, RowAction::retry_at, 39'000},
    });
    CHECK(policy.free_at("C9", kPost, 9000) == 39'000);
    CHECK(policy.free_at("edit:C9", kEdit, 9000) == 0);
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
    // An edit whose post is still queued waits for it, however long: never a give-up.
    run_table(policy, {
        {RowEvent::target_unsent, "edit:C1", kEdit, 9, 5000, {}, RowAction::retry_at, 6000},
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
        // An edit's lane is not the channel: the channel it edits in is what counts.
        CHECK(policy.on(RowEvent::refused, {"edit:C1", kEdit, 1, "C1"}, 0, {}, error).action ==
              RowAction::pause_channel);
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
