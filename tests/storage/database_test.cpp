#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <SQLiteCpp/SQLiteCpp.h>

#include "storage/database.hpp"
#include "storage/migrations.hpp"
#include "storage/outbox.hpp"
#include "support/temp_dir.hpp"

using namespace ritualbot::storage;
using ritualbot::test::TempDir;

namespace {

void set_user_version(const std::string& path, int version) {
    SQLite::Database raw(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    raw.exec("PRAGMA user_version = " + std::to_string(version));
}

std::int64_t count(Database& db, const std::string& table) {
    return db.sql().execAndGet("SELECT COUNT(*) FROM " + table).getInt64();
}

}  // namespace

TEST_CASE("migrations are numbered 1..kSchemaVersion without gaps") {
    const auto list = migrations();
    REQUIRE_FALSE(list.empty());
    for (std::size_t i = 0; i < list.size(); ++i) {
        CHECK(list[i].version == static_cast<int>(i) + 1);
    }
    CHECK(list.back().version == kSchemaVersion);
}

TEST_CASE("a fresh file is migrated to the latest version, and reopening is a no-op") {
    TempDir dir;
    const std::string path = dir.file("bot.db");
    {
        Database db = Database::open(path);
        CHECK(db.schema_version() == kSchemaVersion);
        CHECK(db.sql().tableExists("outbox"));
        CHECK(db.sql().tableExists("processed_events"));
        CHECK(db.path() == path);
        Outbox(db).enqueue({"C1", "chat.postMessage", "{}", "k1"}, 1000);
    }
    Database db = Database::open(path);
    const MigrationReport report = migrate(db);
    CHECK(report.from_version == kSchemaVersion);
    CHECK(report.to_version == kSchemaVersion);
    CHECK(count(db, "outbox") == 1);
}

TEST_CASE("migrate reports the versions it moved between") {
    TempDir dir;
    const std::string path = dir.file("bot.db");
    set_user_version(path, 0);
    Database db = Database::open(path, Database::Migrate::apply);
    CHECK(db.schema_version() == kSchemaVersion);

    Database memory = Database::open_in_memory();
    CHECK(memory.schema_version() == kSchemaVersion);
    CHECK(migrate(memory).from_version == kSchemaVersion);
}

TEST_CASE("a database from a newer ritualbot is refused with SchemaTooNew") {
    TempDir dir;
    const std::string path = dir.file("x.db");
    set_user_version(path, 99);
    for (const auto mode : {Database::Migrate::apply, Database::Migrate::refuse_pending,
                            Database::Migrate::as_is}) {
        try {
            Database::open(path, mode);
            FAIL("expected SchemaTooNew");
        } catch (const SchemaTooNew& e) {
            CHECK(std::string{e.what()} ==
                  "database " + path + " has schema version 99 but this ritualbot knows only up "
                  "to " + std::to_string(kSchemaVersion) +
                  "; upgrade ritualbot or restore a backup");
        }
    }
}

TEST_CASE("refuse_pending opens a migrated database and refuses one that needs migrating") {
    TempDir dir;
    const std::string missing = dir.file("missing.db");
    CHECK_THROWS_AS(Database::open(missing, Database::Migrate::refuse_pending), MigrationsPending);
    CHECK_FALSE(std::filesystem::exists(missing));

    const std::string old = dir.file("old.db");
    set_user_version(old, 0);
    CHECK_THROWS_WITH(Database::open(old, Database::Migrate::refuse_pending),
                      Catch::Contains(old) && Catch::Contains("ritualbot migrate"));

    Database::open(old);
    Database db = Database::open(old, Database::Migrate::refuse_pending);
    CHECK(db.schema_version() == kSchemaVersion);
}

TEST_CASE("as_is opens an old database without migrating it, and never creates one") {
    TempDir dir;
    const std::string missing = dir.file("missing.db");
    CHECK_THROWS_WITH(Database::open(missing, Database::Migrate::as_is),
                      "database " + missing + " does not exist");
    CHECK_FALSE(std::filesystem::exists(missing));

    const std::string old = dir.file("old.db");
    set_user_version(old, 0);
    Database db = Database::open(old, Database::Migrate::as_is);
    CHECK(db.schema_version() == 0);
    db.backup_to(dir.file("before-migrate.db"));
    CHECK(Database::open(dir.file("before-migrate.db"), Database::Migrate::as_is)
              .schema_version() == 0);

    const std::string newer = dir.file("newer.db");
    set_user_version(newer, 99);
    CHECK_THROWS_AS(Database::open(newer, Database::Migrate::as_is), SchemaTooNew);
}

TEST_CASE("open sets WAL, the lock wait, foreign keys and synchronous NORMAL") {
    TempDir dir;
    Database db = Database::open(dir.file("bot.db"));
    CHECK(db.sql().execAndGet("PRAGMA journal_mode").getString() == "wal");
    CHECK(db.sql().execAndGet("PRAGMA foreign_keys").getInt() == 1);
    CHECK(db.lock_wait() == std::chrono::milliseconds(5000));
    CHECK(db.sql().execAndGet("PRAGMA synchronous").getInt() == 1);  // NORMAL
}

TEST_CASE("open names the path when the file is not a database") {
    TempDir dir;
    const std::string path = dir.write("junk.db", std::string(4096, 'x'));
    CHECK_THROWS_WITH(Database::open(path), Catch::Contains("cannot open database " + path));
}

TEST_CASE("a Transaction rolls back unless committed") {
    Database db = Database::open_in_memory();
    Outbox outbox(db);
    {
        Transaction tx(db);
        outbox.enqueue({"C1", "chat.postMessage", "{}", "dropped"}, 1);
    }
    CHECK_FALSE(outbox.find_by_key("dropped"));
    {
        Transaction tx(db);
        outbox.enqueue({"C1", "chat.postMessage", "{}", "kept"}, 1);
        tx.commit();
    }
    CHECK(outbox.find_by_key("kept"));
}

TEST_CASE("a nested Transaction is a savepoint inside its caller's transaction") {
    Database db = Database::open_in_memory();
    Outbox outbox(db);
    {
        Transaction outer(db);
        outbox.enqueue({"C1", "chat.postMessage", "{}", "outer"}, 1);
        {
            Transaction inner(db);
            outbox.enqueue({"C1", "chat.postMessage", "{}", "inner-dropped"}, 1);
        }
        {
            Transaction inner(db);
            outbox.enqueue({"C1", "chat.postMessage", "{}", "inner-kept"}, 1);
            inner.commit();
        }
        CHECK_FALSE(outbox.find_by_key("inner-dropped"));
        CHECK(outbox.find_by_key("inner-kept"));
        outer.commit();
    }
    CHECK(outbox.find_by_key("outer"));
    CHECK(outbox.find_by_key("inner-kept"));
    {
        Transaction outer(db);
        {
            Transaction inner(db);
            outbox.enqueue({"C1", "chat.postMessage", "{}", "undone-with-outer"}, 1);
            inner.commit();
        }
    }
    CHECK_FALSE(outbox.find_by_key("undone-with-outer"));
}

TEST_CASE("backup_to writes a consistent copy that opens and holds the rows") {
    TempDir dir;
    const std::string live = dir.file("live.db");
    const std::string copy = dir.file("backup.db");
    Database db = Database::open(live);
    Outbox outbox(db);
    for (int i = 0; i < 500; ++i) {
        const std::string key = "key-" + std::to_string(i);
        outbox.enqueue({"C1", "chat.postMessage", std::string(200, 'p'), key}, i);
    }
    db.backup_to(copy);
    CHECK_FALSE(std::filesystem::exists(copy + ".partial"));

    Database restored = Database::open(copy, Database::Migrate::refuse_pending);
    CHECK(restored.schema_version() == kSchemaVersion);
    CHECK(count(restored, "outbox") == 500);
    CHECK(Outbox(restored).find_by_key("key-499"));

    // A second backup replaces the first.
    outbox.enqueue({"C1", "chat.postMessage", "{}", "late"}, 600);
    db.backup_to(copy);
    Database again = Database::open(copy, Database::Migrate::refuse_pending);
    CHECK(count(again, "outbox") == 501);
}

TEST_CASE("backup_to refuses to overwrite the live database and names bad targets") {
    TempDir dir;
    const std::string live = dir.file("live.db");
    Database db = Database::open(live);
    CHECK_THROWS_WITH(db.backup_to(live), Catch::Contains("live database"));
    CHECK_THROWS_WITH(db.backup_to(dir.file("./live.db")), Catch::Contains("live database"));
    CHECK_THROWS_WITH(db.backup_to(live + "-wal"), Catch::Contains("live database"));
    CHECK(Database::open(live).schema_version() == kSchemaVersion);

    const std::string nowhere = dir.file("no/such/dir/b.db");
    CHECK_THROWS_WITH(db.backup_to(nowhere), Catch::Contains(nowhere) && Catch::Contains(live));
}

TEST_CASE("a read Transaction goes on while another connection holds the write lock", "[locks]") {
    TempDir dir;
    const std::string path = dir.file("bot.db");
    Database bot = Database::open(path);
    Outbox(bot).enqueue({"C1", "chat.postMessage", "{}", "before"}, 1);
    Database other = Database::open(path);
    Transaction holding(other);  // BEGIN IMMEDIATE: the write lock, held

    const NoLockWait no_wait(bot);
    {
        Transaction reading(bot, Transaction::Lock::read);
        CHECK(Outbox(bot).find_by_key("before"));
        reading.commit();
    }
    try {
        Transaction writing(bot);
        FAIL("BEGIN IMMEDIATE succeeded while another connection held the write lock");
    } catch (const std::exception& e) {
        CHECK(is_busy(e));
    }
    CHECK_FALSE(is_busy(std::runtime_error("database is locked")));  // only SQLite's own error
}

TEST_CASE("a brief lock wait gives up on a lock held longer and then restores the full wait",
          "[locks]") {
    TempDir dir;
    const std::string path = dir.file("bot.db");
    Database bot = Database::open(path);
    Database other = Database::open(path);
    Transaction holding(other);
    {
        const BriefLockWait brief(bot);
        CHECK(bot.lock_wait() == BriefLockWait::kWait);
        try {
            Transaction writing(bot);
            FAIL("BEGIN IMMEDIATE succeeded while another connection held the write lock");
        } catch (const std::exception& e) {
            CHECK(is_busy(e));
        }
    }
    CHECK(bot.lock_wait() == Database::kBusyTimeout);
}

TEST_CASE("the setting changes made before one place for settings are kept") {
    TempDir dir;
    const std::string path = dir.file("v6.db");
    {
        SQLite::Database raw(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        for (const Migration& migration : migrations()) {
            if (migration.version <= 6) raw.exec(migration.sql);
        }
        raw.exec("PRAGMA user_version = 6");
        raw.exec(
            "INSERT INTO audit_log (channel, actor, action, detail, at) VALUES "
            "('C1', 'U1', 'captain.config.tz', 'Europe/Berlin', 10), "
            "('C1', 'U2', 'captain.config.tz', 'Asia/Tokyo', 20), "
            "('C1', 'U1', 'suggest.config.votes', '5', 30), "
            "('C1', 'U3', 'outliers.config.time', '07:45', 40), "
            "('C2', 'U4', 'captain.config.period', 'weekly', 50), "
            "('C1', 'U1', 'captain.roster.add', 'U9', 60)");
        raw.exec("INSERT INTO channel_settings (channel, updated_at) VALUES ('C1', 1)");
    }
    Database db = Database::open(path);
    std::vector<std::string> changes;
    SQLite::Statement query(db.sql(),
                            "SELECT channel || ' ' || key || ' ' || changed_by || ' ' || "
                            "changed_at FROM setting_changes ORDER BY channel, key");
    while (query.executeStep()) changes.push_back(query.getColumn(0).getString());
    CHECK(changes == std::vector<std::string>{"C1 digest.time U3 40", "C1 suggest.votes U1 30",
                                              "C1 tz U2 20", "C2 captain.period U4 50"});
    CHECK(db.sql().execAndGet("SELECT metric FROM channel_settings").getString() == "resolution");
}

// Several instances start together on one file (the cluster test): one of them may hold a lock
// while another opens the file, which must wait for it as every later statement does, not fail.
TEST_CASE("opening a database waits for another process's lock instead of failing") {
    TempDir dir;
    const std::string path = dir.file("shared.db");
    SQLite::Database other(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    other.exec("CREATE TABLE held (x INTEGER)");
    other.exec("BEGIN EXCLUSIVE");
    std::thread release([&other] {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        other.exec("COMMIT");
    });
    CHECK_NOTHROW(Database::open(path, Database::Migrate::apply));
    release.join();
}
