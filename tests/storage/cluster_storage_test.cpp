// Several instances on one database file: each test opens two connections to one file, as two
// processes would, and checks the calls that keep their work apart.

#include <catch2/catch.hpp>

#include "storage/database.hpp"
#include "storage/leases.hpp"
#include "storage/outbox.hpp"
#include "storage/processed_events.hpp"
#include "storage/scheduled_runs.hpp"
#include "support/stores.hpp"

using namespace ritualbot::storage;
using ritualbot::test::PostgresStore;
using ritualbot::test::SqliteStore;

namespace {

constexpr std::int64_t kTtl = 30'000;

// Two instances on one database: two connections to one store.
template <class Store>
struct TwoInstances {
    Store store;
    Database a = store.open();
    Database b = store.open();
};

}  // namespace

TEMPLATE_TEST_CASE("a lease has one holder until it expires and then moves with a new epoch",
                   "[store]", SqliteStore, PostgresStore) {
    TwoInstances<TestType> cluster;
    Leases on_a(cluster.a);
    Leases on_b(cluster.b);

    const auto first = on_a.acquire("outbox:C1", "a", 1000, kTtl);
    REQUIRE(first);
    CHECK(first->epoch == 1);
    CHECK_FALSE(on_b.acquire("outbox:C1", "b", 2000, kTtl));
    CHECK(on_b.acquire("outbox:C2", "b", 2000, kTtl));  // another channel is free

    const auto renewed = on_a.acquire("outbox:C1", "a", 20'000, kTtl);
    REQUIRE(renewed);
    CHECK(renewed->epoch == 1);
    CHECK_FALSE(on_b.acquire("outbox:C1", "b", 20'000 + kTtl - 1, kTtl));

    const auto taken = on_b.acquire("outbox:C1", "b", 20'000 + kTtl, kTtl);
    REQUIRE(taken);
    CHECK(taken->epoch == 2);
    CHECK_FALSE(on_a.holds(*renewed));
    CHECK(on_a.holds(*taken));
    CHECK_FALSE(on_a.acquire("outbox:C1", "a", 20'000 + kTtl + 1, kTtl));
}

TEMPLATE_TEST_CASE("an expired lease nobody took is still its holder's", "[store]", SqliteStore,
                   PostgresStore) {
    TwoInstances<TestType> cluster;
    const auto lease = Leases(cluster.a).acquire("connector:C1:zendesk", "a", 1000, kTtl);
    REQUIRE(lease);
    CHECK(Leases(cluster.b).holds(*lease));
    const auto again =
        Leases(cluster.a).acquire("connector:C1:zendesk", "a", 1000 + 2 * kTtl, kTtl);
    REQUIRE(again);
    CHECK(again->epoch == lease->epoch);
}

TEMPLATE_TEST_CASE("a lease whose holder is known gone is taken over before it expires - once",
                   "[store]", SqliteStore, PostgresStore) {
    TwoInstances<TestType> cluster;
    REQUIRE(Leases(cluster.a).acquire("outbox:C1", "a", 1000, kTtl));
    const auto stale = Leases(cluster.b).find("outbox:C1");
    REQUIRE(stale);
    const auto taken = Leases(cluster.b).take_over(*stale, "b", 2000, kTtl);
    REQUIRE(taken);
    CHECK(taken->epoch == 2);
    CHECK_FALSE(Leases(cluster.a).take_over(*stale, "c", 2000, kTtl));  // changed since read
    CHECK(Leases(cluster.a).find("outbox:C1")->holder == "b");
}

TEMPLATE_TEST_CASE("a released lease is taken at once", "[store]", SqliteStore, PostgresStore) {
    TwoInstances<TestType> cluster;
    const auto lease = Leases(cluster.a).acquire("outbox:C1", "a", 1000, kTtl);
    REQUIRE(lease);
    Leases(cluster.a).release(*lease);
    const auto taken = Leases(cluster.b).acquire("outbox:C1", "b", 1001, kTtl);
    REQUIRE(taken);
    CHECK(taken->epoch == 2);
    Leases(cluster.a).release(*lease);  // no longer a's: changes nothing
    CHECK(Leases(cluster.a).find("outbox:C1")->expires_at == 1001 + kTtl);
}

TEMPLATE_TEST_CASE("a holder paused past its lease cannot mark an outbox row", "[store]",
                   SqliteStore, PostgresStore) {
    TwoInstances<TestType> cluster;
    Outbox(cluster.a).enqueue({"C1", "chat.postMessage", "{}", "k1"}, 1000);
    const auto stale = Leases(cluster.a).acquire("outbox:C1", "a", 1000, kTtl);
    REQUIRE(stale);
    const auto row = Outbox(cluster.a).due_heads(1000, 10).at(0);
    REQUIRE(Outbox(cluster.a).claim(row));

    // a stops; b takes the channel over after the lease time.
    REQUIRE(Leases(cluster.b).acquire("outbox:C1", "b", 1000 + kTtl, kTtl));

    // a wakes up: the fence is checked in the same transaction as the mark.
    Transaction tx(cluster.a);
    CHECK_FALSE(Leases(cluster.a).holds(*stale));
    CHECK(Outbox(cluster.a).find(row.id)->state == OutboxState::sending);
}

TEMPLATE_TEST_CASE("an inbound dedup key is applied once across instances", "[store]", SqliteStore,
                   PostgresStore) {
    TwoInstances<TestType> cluster;
    CHECK(ProcessedEvents(cluster.a).record_if_new("command:trigger-1", 1000));
    CHECK_FALSE(ProcessedEvents(cluster.b).record_if_new("command:trigger-1", 1100));
    CHECK(ProcessedEvents(cluster.b).record_if_new("command:trigger-2", 1100));
}

TEMPLATE_TEST_CASE("a scheduled run is claimed by one instance with its outbox rows", "[store]",
                   SqliteStore, PostgresStore) {
    TwoInstances<TestType> cluster;
    const ScheduledRun run{"captain.changeover", "C1", "2026-11-20", RunState::fired, 5000, 5000};
    auto claim = [&](Database& db, const std::string& key) {
        Transaction tx(db);
        if (!ScheduledRuns(db).record(run)) return false;
        Outbox(db).enqueue({"C1", "chat.postMessage", "{}", key}, 5000);
        tx.commit();
        return true;
    };
    CHECK(claim(cluster.a, "run:a"));
    CHECK_FALSE(claim(cluster.b, "run:b"));
    CHECK(Outbox(cluster.b).depth() == 1);
    CHECK_FALSE(Outbox(cluster.b).find_by_key("run:b"));
}

TEMPLATE_TEST_CASE("a writer waits for another's write lock within its wait - then reports busy",
                   "[store]", SqliteStore, PostgresStore) {
    TwoInstances<TestType> cluster;
    std::optional<Transaction> holder(std::in_place, cluster.a);
    ProcessedEvents(cluster.a).record_if_new("Ev1", 1);
    {
        const ScopedLockWait wait(cluster.b, std::chrono::milliseconds{50});
        bool busy = false;
        try {
            Transaction blocked(cluster.b);
        } catch (const std::exception& e) {
            busy = is_busy(e);
        }
        CHECK(busy);
        // A reader is never held up by the writer, and sees only what was committed.
        Transaction reading(cluster.b, Transaction::Lock::read);
        CachedStatement count = cluster.b.prepare("SELECT COUNT(*) FROM processed_events");
        REQUIRE(count->executeStep());
        CHECK(count->getColumn(0).getInt64() == 0);
    }
    holder->commit();
    holder.reset();
    Transaction now_free(cluster.b);
    CHECK_FALSE(ProcessedEvents(cluster.b).record_if_new("Ev1", 2));
    now_free.commit();
}

TEMPLATE_TEST_CASE("a statement that failed inside a transaction keeps the whole from committing",
                   "[store]", SqliteStore, PostgresStore) {
    TestType store;
    Database db = store.open();
    ProcessedEvents events(db);
    {
        Transaction transaction(db);
        CHECK(events.record_if_new("Ev1", 1));
        {
            Transaction nested(db);
            CHECK_THROWS(db.exec("INSERT INTO processed_events VALUES ('Ev1', 1)"));
        }  // rolled back to the savepoint: the outer transaction goes on
        CHECK(events.record_if_new("Ev2", 1));
        transaction.commit();
    }
    CHECK_FALSE(events.record_if_new("Ev1", 3));
    CHECK_FALSE(events.record_if_new("Ev2", 3));
}

TEST_CASE("on PostgreSQL a transaction whose statement failed refuses to commit", "[store]") {
    PostgresStore store;
    Database db = store.open();
    {
        Transaction transaction(db);
        CHECK(ProcessedEvents(db).record_if_new("Ev1", 1));
        CHECK_THROWS(db.exec("INSERT INTO processed_events VALUES ('Ev1', 1)"));
        // PostgreSQL would answer COMMIT with a silent ROLLBACK: commit() says so instead.
        CHECK_THROWS_WITH(transaction.commit(), Catch::Contains("nothing of it was saved"));
    }
    CHECK(ProcessedEvents(db).record_if_new("Ev1", 2));
}

TEST_CASE("on PostgreSQL a lost connection fails one call and the next connects again", "[store]") {
    PostgresStore store;
    Database db = store.open();
    ProcessedEvents events(db);
    CHECK(events.record_if_new("Ev1", 1));  // its statement is prepared on this connection
    CachedStatement own = db.prepare("SELECT pg_backend_pid()");
    REQUIRE(own->executeStep());
    const std::int64_t backend = own->getColumn(0).getInt64();
    own->reset();
    // What a server restart or a failover does to the bot's session.
    Database other = store.open();
    other.exec("SELECT pg_terminate_backend(" + std::to_string(backend) + ", 5000)");  // waits
    CHECK_THROWS_WITH(events.record_if_new("Ev2", 2), Catch::Contains("lost the connection"));
    CHECK(events.record_if_new("Ev3", 3));        // connected again, statement prepared anew
    CHECK_FALSE(events.record_if_new("Ev1", 4));  // the same database
}
