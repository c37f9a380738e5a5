#include <catch2/catch.hpp>

#include "storage/database.hpp"
#include "storage/investigations.hpp"
#include "storage/outlier_records.hpp"
#include "support/investigation_row.hpp"
#include "support/stores.hpp"

using namespace ritualbot::storage;
using ritualbot::test::PostgresStore;
using ritualbot::test::SqliteStore;

using ritualbot::test::investigation;

TEMPLATE_TEST_CASE("outlier records keep the first id for a (date, kind, metric, segment)",
                   "[outliers][store]", SqliteStore, PostgresStore) {
    TestType store;
    Database db = store.open();
    OutlierRecords records(db);
    const OutlierRecord first{"C1",           "o-2026-11-20-1", "2026-11-20", "rate", "reopen_rate",
                              "request_type", "billing",        "why",        1};
    CHECK(records.insert(first));
    OutlierRecord again = first;
    again.id = "o-2026-11-20-2";
    CHECK_FALSE(records.insert(again));  // same key, other id
    CHECK(records.for_date("C1", "2026-11-20").size() == 1);
    records.update_why("C1", "o-2026-11-20-1", "new numbers");
    CHECK(records.find("C1", "o-2026-11-20-1")->why == "new numbers");
    CHECK_FALSE(records.find("C2", "o-2026-11-20-1"));
}

TEMPLATE_TEST_CASE("investigations open, re-open with a new owner, and close", "[outliers][store]",
                   SqliteStore, PostgresStore) {
    TestType store;
    Database db = store.open();
    Investigations investigations(db);
    investigations.open(investigation("o-1", "VPN outage", 10));
    investigations.open(investigation("o-2", "New billing form", 20));
    CHECK(investigations.open_in("C1").size() == 2);

    CHECK(investigations.close("C1", "o-1", "fixed", 30));
    CHECK_FALSE(investigations.close("C1", "o-1", "again", 40));  // already closed
    const auto closed = investigations.find("C1", "o-1");
    REQUIRE(closed);
    CHECK(closed->closed_at == 30);
    CHECK(closed->close_note == "fixed");
    REQUIRE(investigations.open_in("C1").size() == 1);

    Investigation reassigned = investigation("o-1", "VPN outage", 50);
    reassigned.owner = "U9";
    investigations.open(reassigned);
    const auto reopened = investigations.find("C1", "o-1");
    CHECK(reopened->owner == "U9");
    CHECK_FALSE(reopened->closed_at);
    CHECK(investigations.open_in("C1").size() == 2);
}

TEMPLATE_TEST_CASE(
    "a cause can follow its owner, and causes are listed with when they were recorded",
    "[outliers][store]", SqliteStore, PostgresStore) {
    TestType store;
    Database db = store.open();
    Investigations investigations(db);
    Investigation assigned = investigation("o-1", "", 10);
    investigations.assign(assigned);
    CHECK(investigations.find("C1", "o-1")->cause.empty());
    CHECK(investigations.causes_since("C1", 0).empty());
    CHECK(investigations.record_cause("C1", "o-1", "VPN outage", 20));
    CHECK_FALSE(investigations.record_cause("C1", "o-9", "x", 20));  // none open
    assigned.owner = "U9";
    assigned.opened_at = 30;
    investigations.assign(assigned);  // a new owner keeps the cause and the opening time
    const auto found = investigations.find("C1", "o-1");
    CHECK(found->owner == "U9");
    CHECK(found->cause == "VPN outage");
    CHECK(found->opened_at == 10);
    investigations.open(investigation("o-2", "New billing form", 40));
    const auto causes = investigations.causes_since("C1", 15);
    REQUIRE(causes.size() == 2);
    CHECK((causes[0].cause == "VPN outage" && causes[0].at == 20));
    CHECK((causes[1].cause == "New billing form" && causes[1].at == 40));
    CHECK(investigations.causes_since("C1", 21).size() == 1);
    CHECK(investigations.close("C1", "o-1", "", 50));
    CHECK_FALSE(investigations.record_cause("C1", "o-1", "late", 60));
}
