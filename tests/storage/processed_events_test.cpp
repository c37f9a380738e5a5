#include <catch2/catch.hpp>

#include "storage/database.hpp"
#include "storage/processed_events.hpp"
#include "support/stores.hpp"

using namespace ritualbot::storage;
using ritualbot::test::PostgresStore;
using ritualbot::test::SqliteStore;

TEMPLATE_TEST_CASE("record_if_new accepts an event id once", "[store]", SqliteStore,
                   PostgresStore) {
    TestType store;
    Database db = store.open();
    ProcessedEvents events(db);
    CHECK(events.record_if_new("Ev01", 1000));
    CHECK_FALSE(events.record_if_new("Ev01", 2000));
    CHECK(events.record_if_new("Ev02", 2000));
}

TEMPLATE_TEST_CASE("prune_older_than forgets ids seen before the cutoff", "[store]", SqliteStore,
                   PostgresStore) {
    TestType store;
    Database db = store.open();
    ProcessedEvents events(db);
    const std::int64_t day = ProcessedEvents::kRetentionMs;
    CHECK(day == 86'400'000);
    events.record_if_new("old", 1000);
    events.record_if_new("edge", 5000);
    events.record_if_new("new", 5000 + day);

    CHECK(events.prune_older_than(5000) == 1);
    CHECK(events.prune_older_than(5000) == 0);
    CHECK(events.record_if_new("old", 6000 + day));  // forgotten, so new again
    CHECK_FALSE(events.record_if_new("edge", 6000 + day));
    CHECK_FALSE(events.record_if_new("new", 6000 + day));
}
