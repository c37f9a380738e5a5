#include <catch2/catch.hpp>

#include <sqlite3.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "storage/database.hpp"
#include "storage/outbox.hpp"
#include "support/stores.hpp"

using namespace ritualbot::storage;
using ritualbot::test::PostgresStore;
using ritualbot::test::SqliteStore;

namespace {

OutboxMessage message(const std::string& channel, const std::string& key) {
    return {channel, "chat.postMessage", R"({"channel":")" + channel + R"(","text":"hi"})", key};
}

std::vector<std::string> keys(const std::vector<OutboxRow>& rows) {
    std::vector<std::string> out;
    for (const OutboxRow& row : rows) {
        out.push_back(row.idempotency_key);
    }
    return out;
}

using Keys = std::vector<std::string>;

// The ballot in C1, posted: the message its edits (update_of "ballot") change.
void post_ballot(Outbox& outbox) {
    outbox.enqueue(message("C1", "ballot"), 100);
    const auto ballot = outbox.find_by_key("ballot")->id;
    outbox.mark_sending(ballot);
    outbox.mark_sent(ballot, "1.1", 110);
}

}  // namespace

TEMPLATE_TEST_CASE("enqueue stores a pending row and ignores a repeated idempotency key", "[store]",
                   SqliteStore, PostgresStore) {
    TestType store;
    Database db = store.open();
    Outbox outbox(db);
    CHECK(outbox.enqueue(message("C1", "k1"), 1000));
    CHECK_FALSE(outbox.enqueue({"C2", "chat.update", "{}", "k1"}, 2000));

    const auto row = outbox.find_by_key("k1");
    REQUIRE(row);
    CHECK(row->channel == "C1");
    CHECK(row->method == "chat.postMessage");
    CHECK(row->payload == R"({"channel":"C1","text":"hi"})");
    CHECK(row->state == OutboxState::pending);
    CHECK(row->attempts == 0);
    CHECK(row->next_attempt_at == 1000);
    CHECK(row->created_at == 1000);
    CHECK(row->posted_ts.empty());
    CHECK(row->last_error.empty());
    CHECK_FALSE(row->sent_at);
    CHECK(outbox.find(row->id)->idempotency_key == "k1");
    CHECK_FALSE(outbox.find(row->id + 1));
    CHECK(outbox.depth() == 1);
}

TEMPLATE_TEST_CASE("due_heads returns one head per channel, oldest first, and keeps channel order",
                   "[store]", SqliteStore, PostgresStore) {
    TestType store;
    Database db = store.open();
    Outbox outbox(db);
    outbox.enqueue(message("C1", "a1"), 100);
    outbox.enqueue(message("C2", "b1"), 100);
    outbox.enqueue(message("C1", "a2"), 100);
    outbox.enqueue(message("C2", "b2"), 100);
    outbox.enqueue(message("C3", "c1"), 100);

    CHECK(keys(outbox.due_heads(100, 10)) == Keys{"a1", "b1", "c1"});
    CHECK(keys(outbox.due_heads(100, 2)) == Keys{"a1", "b1"});
    CHECK(outbox.due_heads(99, 10).empty());

    const auto a1 = outbox.find_by_key("a1")->id;
    outbox.mark_sending(a1);
    // A head being sent blocks its channel: a2 must not overtake it.
    CHECK(keys(outbox.due_heads(100, 10)) == Keys{"b1", "c1"});
    outbox.mark_sent(a1, "1700000000.000100", 150);
    CHECK(keys(outbox.due_heads(200, 10)) == Keys{"b1", "a2", "c1"});

    const auto sent = outbox.find(a1);
    CHECK(sent->state == OutboxState::sent);
    CHECK(sent->posted_ts == "1700000000.000100");
    CHECK(sent->sent_at == std::optional<std::int64_t>{150});
    CHECK(sent->attempts == 1);
    CHECK(outbox.depth() == 4);
}

TEMPLATE_TEST_CASE("a failed head unblocks the next row of its channel", "[store]", SqliteStore,
                   PostgresStore) {
    TestType store;
    Database db = store.open();
    Outbox outbox(db);
    outbox.enqueue(message("C1", "a1"), 100);
    outbox.enqueue(message("C1", "a2"), 100);
    const auto a1 = outbox.find_by_key("a1")->id;
    outbox.mark_sending(a1);
    outbox.mark_failed(a1, "channel_not_found");
    CHECK(keys(outbox.due_heads(100, 10)) == Keys{"a2"});
    CHECK(outbox.find(a1)->state == OutboxState::failed);
    CHECK(outbox.find(a1)->last_error == "channel_not_found");

    // A pending row can be failed without an attempt, e.g. when its payload is rejected up front.
    outbox.mark_failed(outbox.find_by_key("a2")->id, "invalid_blocks");
    CHECK(outbox.due_heads(100, 10).empty());
    CHECK(outbox.depth() == 0);
    CHECK_FALSE(outbox.next_due_at());
    CHECK_FALSE(outbox.oldest_unsent_created_at());
}

TEMPLATE_TEST_CASE("the oldest unsent row's age is what the outbox-age metric reports", "[store]",
                   SqliteStore, PostgresStore) {
    TestType store;
    Database db = store.open();
    Outbox outbox(db);
    outbox.enqueue(message("C1", "a1"), 100);
    outbox.enqueue(message("C2", "b1"), 250);
    CHECK(outbox.oldest_unsent_created_at() == std::optional<std::int64_t>{100});
    const auto a1 = outbox.find_by_key("a1")->id;
    outbox.mark_sending(a1);
    CHECK(outbox.oldest_unsent_created_at() == std::optional<std::int64_t>{100});  // in doubt
    outbox.mark_sent(a1, "1.0", 300);
    CHECK(outbox.oldest_unsent_created_at() == std::optional<std::int64_t>{250});
}

TEMPLATE_TEST_CASE("a head waiting to retry blocks later rows until it is due", "[store]",
                   SqliteStore, PostgresStore) {
    TestType store;
    Database db = store.open();
    Outbox outbox(db);
    outbox.enqueue(message("C1", "a1"), 100);
    outbox.enqueue(message("C1", "a2"), 100);
    outbox.enqueue(message("C2", "b1"), 100);
    const auto a1 = outbox.find_by_key("a1")->id;
    outbox.mark_sending(a1);
    outbox.mark_retry(a1, 5000, "ratelimited");

    CHECK(keys(outbox.due_heads(1000, 10)) == Keys{"b1"});
    CHECK(outbox.next_due_at() == std::optional<std::int64_t>{100});
    outbox.mark_sending(outbox.find_by_key("b1")->id);
    CHECK(outbox.due_heads(4999, 10).empty());
    // Only C1's head counts: a2 is older-dated but not its channel's head.
    CHECK(outbox.next_due_at() == std::optional<std::int64_t>{5000});
    CHECK(keys(outbox.due_heads(5000, 10)) == Keys{"a1"});

    const auto retried = outbox.find(a1);
    CHECK(retried->state == OutboxState::pending);
    CHECK(retried->attempts == 1);
    CHECK(retried->last_error == "ratelimited");
    outbox.mark_sending(a1);
    CHECK(outbox.find(a1)->attempts == 2);
}

TEMPLATE_TEST_CASE("rows left sending after a crash are in doubt", "[store]", SqliteStore,
                   PostgresStore) {
    TestType store;
    Database db = store.open();
    Outbox outbox(db);
    outbox.enqueue(message("C1", "a1"), 100);
    outbox.enqueue(message("C2", "b1"), 100);
    outbox.enqueue(message("C3", "c1"), 100);
    outbox.mark_sending(outbox.find_by_key("c1")->id);
    outbox.mark_sending(outbox.find_by_key("a1")->id);
    CHECK(keys(outbox.in_doubt()) == Keys{"a1", "c1"});
    CHECK(outbox.depth() == 3);

    // The caller decides: a1 was posted, c1 goes out again.
    outbox.mark_sent(outbox.find_by_key("a1")->id, "1.2", 200);
    outbox.mark_retry(outbox.find_by_key("c1")->id, 200, "in doubt after restart");
    CHECK(outbox.in_doubt().empty());
    CHECK(keys(outbox.due_heads(200, 10)) == Keys{"b1", "c1"});
}

TEMPLATE_TEST_CASE("a transition from the wrong state is a bug and names the row", "[store]",
                   SqliteStore, PostgresStore) {
    TestType store;
    Database db = store.open();
    Outbox outbox(db);
    outbox.enqueue(message("C1", "a1"), 100);
    const auto id = outbox.find_by_key("a1")->id;
    const std::string row = "outbox row " + std::to_string(id);
    CHECK_THROWS_AS(outbox.mark_sent(id, "1.2", 1), std::logic_error);
    CHECK_THROWS_WITH(outbox.mark_retry(id, 1, "x"),
                      Catch::Contains(row) && Catch::Contains("it is pending"));
    outbox.mark_sending(id);
    CHECK_THROWS_WITH(outbox.mark_sending(id), Catch::Contains("it is sending"));
    outbox.mark_sent(id, "1.2", 1);
    CHECK_THROWS_WITH(outbox.mark_failed(id, "x"), Catch::Contains("it is sent"));
    CHECK_THROWS_WITH(outbox.mark_sending(id + 7), Catch::Contains("does not exist"));
    CHECK(outbox.find(id)->state == OutboxState::sent);
}

TEST_CASE("outbox state names match the schema") {
    CHECK(to_string(OutboxState::pending) == "pending");
    CHECK(to_string(OutboxState::sending) == "sending");
    CHECK(to_string(OutboxState::sent) == "sent");
    CHECK(to_string(OutboxState::failed) == "failed");
}

TEMPLATE_TEST_CASE("a newer update of a post replaces a pending older one (bursts coalesce)",
                   "[store]", SqliteStore, PostgresStore) {
    TestType store;
    Database db = store.open();
    Outbox outbox(db);
    outbox.enqueue(message("C1", "ballot"), 100);
    OutboxMessage first{"C1", "chat.update", R"({"text":"1 voter"})", "tally-1", "ballot"};
    OutboxMessage second{"C1", "chat.update", R"({"text":"2 voters"})", "tally-2", "ballot"};
    CHECK(outbox.enqueue(first, 110));
    CHECK(outbox.enqueue(second, 120));
    CHECK_FALSE(outbox.find_by_key("tally-1"));
    REQUIRE(outbox.find_by_key("tally-2"));
    CHECK(outbox.find_by_key("tally-2")->update_of == "ballot");
    CHECK(outbox.depth() == 2);

    // An update already being sent is not touched: the newer one queues behind it.
    const auto tally2 = outbox.find_by_key("tally-2")->id;
    outbox.mark_sending(outbox.find_by_key("ballot")->id);
    outbox.mark_sent(outbox.find_by_key("ballot")->id, "1.1", 130);
    outbox.mark_sending(tally2);
    OutboxMessage third{"C1", "chat.update", R"({"text":"3 voters"})", "tally-3", "ballot"};
    CHECK(outbox.enqueue(third, 140));
    CHECK(outbox.find(tally2));
    CHECK(outbox.depth() == 2);
}

TEMPLATE_TEST_CASE(
    "a listed edit superseded before its claim sends the newest content (the Friday race)",
    "[store]", SqliteStore, PostgresStore) {
    TestType store;
    Database db = store.open();
    Outbox outbox(db);
    post_ballot(outbox);
    outbox.enqueue({"C1", "chat.update", R"({"text":"1 voter"})", "tally-1", "ballot"}, 120);
    outbox.enqueue(message("C2", "slow-post"), 121);

    // The sender lists both heads, then waits on the slow post in C2 ...
    const std::vector<OutboxRow> listed = outbox.due_heads(130, 32);
    REQUIRE(keys(listed) == Keys{"tally-1", "slow-post"});
    REQUIRE(outbox.claim(listed[1]));
    // ... while a vote queues a newer edit of the ballot, which replaces the never-tried one.
    outbox.enqueue({"C1", "chat.update", R"({"text":"2 voters"})", "tally-2", "ballot"}, 140);
    CHECK_FALSE(outbox.find_by_key("tally-1"));

    // The listed row is claimed with the newest content.
    const auto claimed = outbox.claim(listed[0]);
    REQUIRE(claimed);
    CHECK(claimed->state == OutboxState::sending);
    CHECK(claimed->attempts == 1);
    CHECK(claimed->idempotency_key == "tally-2");
    CHECK(claimed->payload == R"({"text":"2 voters"})");
    CHECK(outbox.due_heads(150, 32).empty());
}

TEMPLATE_TEST_CASE("an edit renewed on every click keeps its place in line", "[store]", SqliteStore,
                   PostgresStore) {
    TestType store;
    Database db = store.open();
    Outbox outbox(db);
    post_ballot(outbox);
    // Every click: an answer in the clicker's own lane, then the ballot's newest tally. More
    // people click than the sender lists heads in one pass.
    constexpr int kClicks = 40;
    constexpr std::size_t kHeadsListed = 8;
    for (int click = 1; click <= kClicks; ++click) {
        const std::string n = std::to_string(click);
        outbox.enqueue({"respond:U" + n, "response_url", R"({"text":"counted"})", "answer-" + n},
                       200 + click);
        outbox.enqueue(
            {"edit:C1", "chat.update", R"({"text":")" + n + R"( voters"})", "tally-" + n, "ballot"},
            200 + click);
    }
    const std::vector<OutboxRow> heads = outbox.due_heads(300, kHeadsListed);
    REQUIRE(heads.size() == kHeadsListed);
    CHECK(heads[0].idempotency_key == "answer-1");
    // Before: the edit was deleted and inserted anew on every click, the newest row of all,
    // so it never made the listed heads while clicks came.
    CHECK(heads[1].idempotency_key == "tally-40");
    CHECK(heads[1].payload == R"({"text":"40 voters"})");
    CHECK(outbox.depth() == kClicks + 1);
    // A redelivered click changes nothing.
    CHECK_FALSE(outbox.enqueue(
        {"edit:C1", "chat.update", R"({"text":"40 voters"})", "tally-40", "ballot"}, 400));
    CHECK(outbox.depth() == kClicks + 1);
}

TEMPLATE_TEST_CASE("a replacing edit waits to settle, never longer than the cap after the first",
                   "[store]", SqliteStore, PostgresStore) {
    TestType store;
    Database db = store.open();
    Outbox outbox(db);
    const auto edit = [](int n) {
        return OutboxMessage{.channel = "edit:C1",
                             .method = "chat.update",
                             .payload = R"({"text":")" + std::to_string(n) + R"( voters"})",
                             .idempotency_key = "tally-" + std::to_string(n),
                             .update_of = "ballot",
                             .settle_ms = 500,
                             .settle_cap_ms = 8000};
    };
    outbox.enqueue(edit(1), 10'000);
    CHECK(outbox.find_by_key("tally-1")->next_attempt_at == 10'000);  // a lone edit: at once
    outbox.enqueue(edit(2), 10'200);
    CHECK(outbox.find_by_key("tally-2")->next_attempt_at == 10'700);
    // Clicked on without pause: due 8 s after the first change it holds, whatever comes.
    for (int n = 3; n < 60; ++n) outbox.enqueue(edit(n), 10'000 + n * 200);
    const auto row = outbox.find_by_key("tally-59");
    REQUIRE(row);
    CHECK(row->next_attempt_at == 18'000);
    CHECK(row->created_at == 10'000);
    CHECK(outbox.due_heads(17'999, 8).empty());
    CHECK(keys(outbox.due_heads(18'000, 8)) == Keys{"tally-59"});

    // Sent; the clicks go on: the next edit follows one sent within the cap, so it settles.
    outbox.mark_sending(row->id);
    outbox.mark_sent(row->id, "", 18'000);
    outbox.enqueue(edit(60), 18'100);
    CHECK(outbox.find_by_key("tally-60")->next_attempt_at == 18'600);
    outbox.mark_sending(outbox.find_by_key("tally-60")->id);
    outbox.mark_sent(outbox.find_by_key("tally-60")->id, "", 18'600);
    // Quiet for longer than the cap: the next edit is a lone one again.
    outbox.enqueue(edit(61), 26'601);
    CHECK(outbox.find_by_key("tally-61")->next_attempt_at == 26'601);
}

TEMPLATE_TEST_CASE("a claim fails when the row changed since it was listed", "[store]", SqliteStore,
                   PostgresStore) {
    TestType store;
    Database db = store.open();
    Outbox outbox(db);
    outbox.enqueue(message("C1", "a"), 100);
    const OutboxRow listed = outbox.due_heads(100, 32).at(0);
    // Another instance on the same file claimed it, failed and put it back for a retry.
    outbox.mark_sending(listed.id);
    outbox.mark_retry(listed.id, 100, "timeout");
    CHECK_FALSE(outbox.claim(listed));
    CHECK(outbox.find(listed.id)->attempts == 1);
    CHECK(outbox.find(listed.id)->state == OutboxState::pending);
}

TEST_CASE("the sender's reads of unfinished rows do not grow with the rows already sent") {
    Database db = Database::open_in_memory();
    Outbox outbox(db);
    // SQLite virtual-machine steps of the sender's three reads, counted by a progress handler.
    const auto steps_of_sender_reads = [&] {
        int steps = 0;
        sqlite3_progress_handler(
            db.sql().getHandle(), 1,
            [](void* count) {
                ++*static_cast<int*>(count);
                return 0;
            },
            &steps);
        outbox.due_heads(10'000, 10);
        outbox.next_due_at();
        outbox.depth();
        sqlite3_progress_handler(db.sql().getHandle(), 0, nullptr, nullptr);
        return steps;
    };
    const auto send_rows = [&](int from, int to) {
        Transaction transaction(db);
        for (int i = from; i < to; ++i) {
            const std::string key = "sent" + std::to_string(i);
            outbox.enqueue(message("C" + std::to_string(i % 20), key), 1);
            const std::int64_t id = outbox.find_by_key(key)->id;
            outbox.mark_sending(id);
            outbox.mark_sent(id, "1.1", 2);
        }
        transaction.commit();
    };
    for (int c = 0; c < 5; ++c)
        outbox.enqueue(message("C" + std::to_string(c), "due" + std::to_string(c)), 3);
    send_rows(0, 20);
    const int few_sent = steps_of_sender_reads();
    send_rows(20, 5000);
    const int many_sent = steps_of_sender_reads();
    CHECK(outbox.due_heads(10'000, 10).size() == 5);
    // Through outbox_unfinished: 726 steps, then about as many; without it 60,486 at 5,000 sent.
    CHECK(many_sent < few_sent + 100);
}
