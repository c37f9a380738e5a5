#include <catch2/catch.hpp>

#include "storage/database.hpp"
#include "storage/tickets.hpp"
#include "support/stores.hpp"

using namespace ritualbot::storage;
using ritualbot::test::PostgresStore;
using ritualbot::test::SqliteStore;

namespace {

TicketRow ticket(const std::string& id, std::int64_t created_at) {
    TicketRow row;
    row.channel = "C1";
    row.id = id;
    row.created_at = created_at;
    row.csat = 4;
    row.request_type = "billing";
    return row;
}

}  // namespace

TEMPLATE_TEST_CASE("upsert inserts, then updates the same (channel, id)", "[tickets][store]",
                   SqliteStore, PostgresStore) {
    TestType store;
    Database db = store.open();
    TicketWriter writer(db);
    writer.upsert(ticket("T-1", 1000));
    TicketRow changed = ticket("T-1", 2000);
    changed.csat = 2;
    writer.upsert(changed);
    TicketRow other_channel = ticket("T-1", 3000);
    other_channel.channel = "C2";
    writer.upsert(other_channel);

    Tickets tickets(db);
    CHECK(tickets.count("C1") == 1);
    CHECK(tickets.count("C2") == 1);
    const auto row = tickets.find("C1", "T-1");
    REQUIRE(row);
    CHECK(row->created_at == 2000);
    CHECK(row->csat == 2);
}

TEMPLATE_TEST_CASE("columns a source does not have stay NULL, and keep their value on update",
                   "[tickets][store]", SqliteStore, PostgresStore) {
    TestType store;
    Database db = store.open();
    TicketWriter writer(db);
    TicketRow first = ticket("T-1", 1000);
    first.fields = bit(TicketField::request_type);  // no csat column in this source
    writer.upsert(first);
    auto row = Tickets(db).find("C1", "T-1");
    REQUIRE(row);
    CHECK_FALSE(row->csat.has_value());  // unknown, not zero
    CHECK_FALSE(row->escalated.has_value());
    CHECK(row->request_type == "billing");

    TicketRow with_csat = ticket("T-1", 1000);
    with_csat.request_type.reset();
    with_csat.fields = bit(TicketField::csat);
    writer.upsert(with_csat);
    row = Tickets(db).find("C1", "T-1");
    CHECK(row->csat == 4);
    CHECK(row->request_type == "billing");  // not in the second source: kept

    TicketRow cleared = ticket("T-1", 1000);
    cleared.csat.reset();
    cleared.fields = bit(TicketField::csat);  // has the column, value empty: now unknown
    writer.upsert(cleared);
    CHECK_FALSE(Tickets(db).find("C1", "T-1")->csat.has_value());
}

TEMPLATE_TEST_CASE("channels lists every channel with tickets once, in order", "[tickets][store]",
                   SqliteStore, PostgresStore) {
    TestType store;
    Database db = store.open();
    CHECK(Tickets(db).channels().empty());
    TicketWriter writer(db);
    int at = 100;
    for (const char* channel : {"C3", "C1", "C3", "C2", "C1", "C3"}) {
        TicketRow row = ticket("T-" + std::to_string(at), at);
        row.channel = channel;
        writer.upsert(row);
        at += 100;
    }
    CHECK(Tickets(db).channels() == std::vector<std::string>{"C1", "C2", "C3"});
}

TEMPLATE_TEST_CASE("created_between reads one channel's half-open range, oldest first",
                   "[tickets][store]", SqliteStore, PostgresStore) {
    TestType store;
    Database db = store.open();
    TicketWriter writer(db);
    for (const auto& [id, at] : {std::pair{"a", 300}, {"b", 100}, {"c", 200}, {"d", 400}}) {
        writer.upsert(ticket(id, at));
    }
    TicketRow elsewhere = ticket("e", 250);
    elsewhere.channel = "C2";
    writer.upsert(elsewhere);
    const auto rows = Tickets(db).created_between("C1", 100, 400);
    REQUIRE(rows.size() == 3);
    CHECK(rows[0].id == "b");
    CHECK(rows[1].id == "c");
    CHECK(rows[2].id == "a");
}

TEMPLATE_TEST_CASE(
    "created_between reads every column of every row - a NULL after a value stays NULL",
    "[tickets][store]", SqliteStore, PostgresStore) {
    TestType store;
    Database db = store.open();
    TicketWriter writer(db);
    TicketRow full = ticket("a", 100);
    full.csat = 2;
    full.escalated_at = 160;
    full.deflected = true;
    full.repeat_info = false;
    full.policy_exception = true;
    full.tags = "vip";
    writer.upsert(full);
    TicketRow unknown = ticket("b", 200);  // the same columns, unknown
    unknown.csat.reset();
    writer.upsert(unknown);
    const auto rows = Tickets(db).created_between("C1", 0, 1000);
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].csat == 2);
    CHECK(rows[0].escalated_at == 160);
    CHECK(rows[0].deflected == true);
    CHECK(rows[0].repeat_info == false);
    CHECK(rows[0].policy_exception == true);
    CHECK(rows[0].tags == "vip");
    CHECK(rows[1].channel == "C1");
    CHECK_FALSE(rows[1].csat);
    CHECK_FALSE(rows[1].escalated_at);
    CHECK_FALSE(rows[1].deflected);
    CHECK_FALSE(rows[1].policy_exception);
    CHECK_FALSE(rows[1].tags);
}

TEMPLATE_TEST_CASE("created_between reads only the fields asked for - the row says which",
                   "[tickets][store]", SqliteStore, PostgresStore) {
    TestType store;
    Database db = store.open();
    TicketRow full = ticket("a", 100);
    full.agent = "ann";
    full.source = "zendesk";
    full.tags = "vip";
    TicketWriter(db).upsert(full);
    const TicketFields fields =
        kAllTicketFields & ~bit(TicketField::agent) & ~bit(TicketField::source);
    const auto rows = Tickets(db).created_between("C1", 0, 1000, fields);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].channel == "C1");
    CHECK(rows[0].id == "a");
    CHECK(rows[0].tags == "vip");
    CHECK_FALSE(rows[0].agent);
    CHECK_FALSE(rows[0].source);
    CHECK(rows[0].fields == fields);
    // Written back, the row leaves what was not read as it was.
    TicketWriter(db).upsert(rows[0]);
    const auto again = Tickets(db).find("C1", "a");
    REQUIRE(again);
    CHECK(again->agent == "ann");
    CHECK(again->source == "zendesk");
}

TEST_CASE("the window query is one range scan of the table in (channel, created_at) order",
          "[tickets]") {
    Database db = Database::open_in_memory();
    SQLite::Statement plan(db.sql(),
                           "EXPLAIN QUERY PLAN SELECT * FROM tickets WHERE channel = 'C1' AND "
                           "created_at >= 1 AND created_at < 2 ORDER BY created_at, id");
    std::string detail;
    while (plan.executeStep()) detail += plan.getColumn(3).getString() + "\n";
    INFO(detail);
    // The table's own key, no index to seek back from, no sort.
    CHECK(detail.find("SEARCH tickets USING PRIMARY KEY (channel=? AND created_at>? AND "
                      "created_at<?)") != std::string::npos);
    CHECK(detail.find("TEMP B-TREE") == std::string::npos);
}

TEMPLATE_TEST_CASE(
    "an upsert that moves a ticket's created_at moves it in the window, never duplicates it",
    "[tickets][store]", SqliteStore, PostgresStore) {
    TestType store;
    Database db = store.open();
    TicketWriter writer(db);
    writer.upsert(ticket("T-1", 100));
    writer.upsert(ticket("T-2", 200));
    writer.upsert(ticket("T-1", 300));
    const auto rows = Tickets(db).created_between("C1", 0, 1000);
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].id == "T-2");
    CHECK(rows[1].id == "T-1");
    CHECK(rows[1].created_at == 300);
}

TEMPLATE_TEST_CASE("the requester key is 16 random bytes, the same on every read",
                   "[tickets][store]", SqliteStore, PostgresStore) {
    TestType store;
    TestType other_store;
    Database a = store.open();
    Database b = other_store.open();
    const std::string key = Tickets(a).requester_key();
    CHECK(key.size() == 16);
    CHECK(Tickets(a).requester_key() == key);
    CHECK(Tickets(b).requester_key() != key);
}
