// Migration 16 rebuilds the tickets table in (channel, created_at, id) order. A crew's file at
// version 11, with months of tickets, must come out with every row, every column and every
// constraint the code relies on: (channel, id) unique (the upsert's dedup), csat's range.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <SQLiteCpp/SQLiteCpp.h>

#include "storage/database.hpp"
#include "storage/migrations.hpp"
#include "storage/tickets.hpp"
#include "support/temp_dir.hpp"

using namespace ritualbot::storage;
using ritualbot::test::TempDir;

namespace {

constexpr int kVersionBefore = 11;

std::vector<std::string> column_names(SQLite::Database& db) {
    std::vector<std::string> names;
    SQLite::Statement query(db, "SELECT name FROM pragma_table_info('tickets') ORDER BY cid");
    while (query.executeStep()) names.push_back(query.getColumn(0).getString());
    return names;
}

// Every ticket with every column, quoted (NULL stays distinct from '' and 0), in (channel, id)
// order.
std::vector<std::string> all_tickets(SQLite::Database& db) {
    std::string line;
    for (const std::string& name : column_names(db)) {
        if (!line.empty()) line += " || ',' || ";
        line += "quote(" + name + ")";
    }
    std::vector<std::string> rows;
    SQLite::Statement query(db, "SELECT " + line + " FROM tickets ORDER BY channel, id");
    while (query.executeStep()) rows.push_back(query.getColumn(0).getString());
    return rows;
}

// A file at version 11 holding 1,500 tickets over three channels: the same ids in every
// channel, created out of id order, some columns NULL, one ticket with every column set.
void write_version_11(const std::string& path) {
    SQLite::Database raw(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    for (const Migration& migration : migrations()) {
        if (migration.version <= kVersionBefore) raw.exec(migration.sql);
    }
    raw.exec("PRAGMA user_version = " + std::to_string(kVersionBefore));
    raw.exec(R"sql(
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 1499)
INSERT INTO tickets (channel, id, created_at, first_response_at, request_type, csat, tags,
                     updated_at)
SELECT 'C' || (i % 3), 'T-' || (i / 3), 1790000000000 + (i * 7919) % 5000 * 60000,
       CASE WHEN i % 4 = 0 THEN NULL ELSE 1790000000000 + i END,
       CASE WHEN i % 5 = 0 THEN NULL ELSE 'billing' END,
       CASE WHEN i % 2 = 0 THEN NULL ELSE 1 + i % 5 END,
       CASE WHEN i % 7 = 0 THEN 'vip;refund' END, 1790000000000
FROM n;
INSERT INTO tickets VALUES ('C9', 'T-full', 1790000000001, 1790000000002, 1790000000003, 'bug',
    'chat', 'agent-1', 2, 1, 3, 0, 1, 4, 'a;b', -1234567890123, 'zendesk', 1790000000004,
    1790000000005, 1, 0, 1);
)sql");
}

}  // namespace

TEST_CASE("the tickets rebuild keeps every ticket with every column and (channel, id) unique",
          "[tickets]") {
    TempDir dir;
    const std::string path = dir.file("v11.db");
    write_version_11(path);
    std::vector<std::string> columns_before, tickets_before;
    {
        SQLite::Database before(path, SQLite::OPEN_READONLY);
        columns_before = column_names(before);
        tickets_before = all_tickets(before);
    }
    REQUIRE(tickets_before.size() == 1501);

    Database db = Database::open(path);
    CHECK(db.schema_version() == kSchemaVersion);
    CHECK(column_names(db.sql()) == columns_before);
    CHECK(all_tickets(db.sql()) == tickets_before);

    // Still one row per (channel, id): a second insert is refused, an upsert updates in place.
    CHECK_THROWS(db.sql().exec("INSERT INTO tickets (channel, id, created_at, updated_at) "
                               "VALUES ('C1', 'T-0', 5, 5)"));
    CHECK_THROWS(db.sql().exec("INSERT INTO tickets (channel, id, created_at, csat, updated_at) "
                               "VALUES ('C1', 'T-new', 5, 6, 5)"));  // csat is 1..5
    const std::size_t count = Tickets(db).count("C1");
    TicketRow moved = *Tickets(db).find("C1", "T-0");
    moved.created_at = 1780000000000;
    TicketWriter(db).upsert(moved);
    CHECK(Tickets(db).count("C1") == count);
    const auto window = Tickets(db).created_between("C1", 1780000000000, 1790000000000);
    REQUIRE(window.size() == 1);
    CHECK(window[0].id == "T-0");
}
