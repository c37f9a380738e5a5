// The two engines' migrations build the same schema (issue 19): a change written for one engine
// only fails here. Compared: tables, their columns in order, and which columns may be NULL.

#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <vector>

#include "storage/database.hpp"
#include "support/stores.hpp"

using namespace ritualbot::storage;

namespace {

// table -> "column", or "column NULL" when it may be NULL, in column order.
using Schema = std::map<std::string, std::vector<std::string>>;

Schema sqlite_schema(Database& db) {
    Schema schema;
    CachedStatement tables = db.prepare(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
    while (tables->executeStep()) {
        const std::string table = tables->getColumn(0).getString();
        // pk: SQLite lets a non-INTEGER primary key column be NULL unless it says NOT NULL;
        // PostgreSQL never does. Both refuse NULL there in practice (ritualbot never writes one).
        CachedStatement columns =
            db.prepare("SELECT name, \"notnull\" OR pk > 0 FROM pragma_table_info(?) ORDER BY cid");
        columns->bind(1, table);
        while (columns->executeStep()) {
            schema[table].push_back(columns->getColumn(0).getString() +
                                    (columns->getColumn(1).getInt() != 0 ? "" : " NULL"));
        }
    }
    return schema;
}

Schema postgres_schema(Database& db) {
    Schema schema;
    CachedStatement columns = db.prepare(
        "SELECT table_name, column_name, is_nullable FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND table_name <> 'ritualbot_schema' "
        "ORDER BY table_name, ordinal_position");
    while (columns->executeStep()) {
        schema[columns->getColumn(0).getString()].push_back(
            columns->getColumn(1).getString() +
            (columns->getColumn(2).getString() == "YES" ? " NULL" : ""));
    }
    return schema;
}

}  // namespace

TEST_CASE("SQLite's and PostgreSQL's migrations make the same tables and columns", "[store]") {
    Database sqlite = Database::open_in_memory();
    ritualbot::test::PostgresStore store;
    Database postgres = store.open();
    const Schema expected = sqlite_schema(sqlite);
    const Schema actual = postgres_schema(postgres);
    for (const auto& [table, columns] : expected) {
        INFO("table " << table);
        REQUIRE(actual.count(table) == 1);
        CHECK(actual.at(table) == columns);
    }
    CHECK(actual.size() == expected.size());
    CHECK(postgres.schema_version() == kPostgresSchemaVersion);
}
