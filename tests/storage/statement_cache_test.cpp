// The per-connection statement cache (storage/statement_cache.hpp, issue 18).

#include <catch2/catch.hpp>

#include <sqlite3.h>

#include <string>

#include <SQLiteCpp/SQLiteCpp.h>

#include "storage/database.hpp"
#include "support/temp_dir.hpp"

using namespace ritualbot::storage;
using ritualbot::test::TempDir;

namespace {

// Statements of the connection that are stepped but not reset: each holds a read transaction.
int busy_statements(Database& db) {
    int busy = 0;
    for (sqlite3_stmt* s = sqlite3_next_stmt(db.sql().getHandle(), nullptr); s != nullptr;
         s = sqlite3_next_stmt(db.sql().getHandle(), s)) {
        if (sqlite3_stmt_busy(s)) ++busy;
    }
    return busy;
}

void make_numbers(Database& db, int rows) {
    db.sql().exec("CREATE TABLE numbers (n INTEGER PRIMARY KEY)");
    for (int n = 1; n <= rows; ++n)
        db.sql().exec("INSERT INTO numbers VALUES (" + std::to_string(n) + ")");
}

}  // namespace

TEST_CASE("a cached SELECT read halfway is reset when its guard goes out of scope") {
    Database db = Database::open_in_memory();
    make_numbers(db, 3);
    {
        CachedStatement query = db.prepare("SELECT n FROM numbers ORDER BY n");
        REQUIRE(query->executeStep());
        CHECK(query->getColumn(0).getInt() == 1);
        CHECK(busy_statements(db) == 1);
    }
    CHECK(busy_statements(db) == 0);
    // Reused from the start, with the same prepared statement.
    const std::size_t cached = db.cached_statements();
    CachedStatement again = db.prepare("SELECT n FROM numbers ORDER BY n");
    REQUIRE(again->executeStep());
    CHECK(again->getColumn(0).getInt() == 1);
    CHECK(db.cached_statements() == cached);
}

TEST_CASE("a cached statement whose bindings are left over starts clean next time") {
    Database db = Database::open_in_memory();
    make_numbers(db, 3);
    const char* sql = "SELECT COUNT(*) FROM numbers WHERE n = ?";
    {
        CachedStatement query = db.prepare(sql);
        query->bind(1, 2);
        REQUIRE(query->executeStep());
        CHECK(query->getColumn(0).getInt() == 1);
    }
    CachedStatement unbound = db.prepare(sql);  // ? is NULL again: no row equals NULL
    REQUIRE(unbound->executeStep());
    CHECK(unbound->getColumn(0).getInt() == 0);
}

TEST_CASE("a cached statement works again after it failed") {
    Database db = Database::open_in_memory();
    make_numbers(db, 1);
    const char* sql = "INSERT INTO numbers (n) VALUES (?)";
    {
        CachedStatement insert = db.prepare(sql);
        insert->bind(1, 1);
        CHECK_THROWS_AS(insert->exec(), SQLite::Exception);  // primary key taken
    }
    CHECK(busy_statements(db) == 0);
    CachedStatement insert = db.prepare(sql);
    insert->bind(1, 2);
    CHECK(insert->exec() == 1);
    CHECK(db.sql().execAndGet("SELECT COUNT(*) FROM numbers").getInt() == 2);
}

TEST_CASE("a statement asked for while its cached copy is in use gets a copy of its own") {
    Database db = Database::open_in_memory();
    make_numbers(db, 2);
    const char* sql = "SELECT n FROM numbers ORDER BY n";
    CachedStatement outer = db.prepare(sql);
    REQUIRE(outer->executeStep());
    {
        CachedStatement inner = db.prepare(sql);
        REQUIRE(inner->executeStep());
        CHECK(inner->getColumn(0).getInt() == 1);
    }
    CHECK(db.cached_statements() == 1);
    REQUIRE(outer->executeStep());  // the outer reading went on undisturbed
    CHECK(outer->getColumn(0).getInt() == 2);
}

TEST_CASE("a schema change: cached statements are prepared again, and forgotten on demand") {
    TempDir dir;
    Database db = Database::open(dir.file("bot.db"));
    make_numbers(db, 2);
    const char* named = "SELECT n FROM numbers WHERE n = 2";
    const char* star = "SELECT * FROM numbers ORDER BY n";
    {
        CachedStatement query = db.prepare(star);
        REQUIRE(query->executeStep());
        CHECK(query->getColumnCount() == 1);
        CachedStatement by_name = db.prepare(named);
        REQUIRE(by_name->executeStep());
    }
    db.sql().exec("ALTER TABLE numbers ADD COLUMN word TEXT DEFAULT 'one'");
    {
        // SQLite prepares it again by itself (sqlite3_prepare_v2).
        CachedStatement by_name = db.prepare(named);
        REQUIRE(by_name->executeStep());
        CHECK(by_name->getColumn(0).getInt() == 2);
    }
    // SQLiteCpp remembers the column count it saw first: migrations forget every statement.
    db.forget_statements();
    CHECK(db.cached_statements() == 0);
    {
        CachedStatement query = db.prepare(star);
        REQUIRE(query->executeStep());
        CHECK(query->getColumnCount() == 2);
        CHECK(query->getColumn(1).getString() == "one");
    }
    // A table dropped under a cached statement is an error, not a crash, and does not stick.
    db.sql().exec("DROP TABLE numbers");
    CHECK_THROWS_AS(db.prepare(named)->executeStep(), SQLite::Exception);
    make_numbers(db, 2);
    CachedStatement by_name = db.prepare(named);
    REQUIRE(by_name->executeStep());
    CHECK(by_name->getColumn(0).getInt() == 2);
}
