// Batched commits on a real database file, watched from a second connection as another
// process (a reader, the live bot) would see them.

#include "storage/batched_transaction.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <future>
#include <thread>

using ritualbot::storage::BatchedTransaction;
using ritualbot::storage::Database;
using ritualbot::test::TempDir;

namespace {

int rows(Database& db) {
    return db.sql().execAndGet("SELECT COUNT(*) FROM batch_test").getInt();
}

}  // namespace

TEST_CASE("a batched transaction commits every N rows so other connections get their turn") {
    TempDir dir;
    Database writer = Database::open(dir.file("bot.db"));
    Database other = Database::open(dir.file("bot.db"));
    writer.sql().exec("CREATE TABLE batch_test (n INTEGER)");

    std::future<void> other_write;
    {
        BatchedTransaction batch(writer, 3);
        for (int n = 1; n <= 7; ++n) {
            writer.sql().exec("INSERT INTO batch_test VALUES (" + std::to_string(n) + ")");
            if (n == 3) {
                // Another writer starts waiting for the lock (SQLite's busy handler retries
                // it every 25-100 ms) while this batch holds it for 300 ms.
                other_write = std::async(std::launch::async, [&other] {
                    other.sql().exec("BEGIN IMMEDIATE");
                    other.sql().exec("INSERT INTO batch_test VALUES (100)");
                    other.sql().exec("COMMIT");
                });
                std::this_thread::sleep_for(std::chrono::milliseconds(300));
            }
            batch.row_written();
            if (n == 3) {
                // The batch committed, and the pause after it let the other writer in before
                // the next batch began: its row is already there.
                REQUIRE(other_write.wait_for(std::chrono::seconds(10)) ==
                        std::future_status::ready);
                other_write.get();
                CHECK(rows(writer) == 4);
            }
        }
        CHECK(batch.commits() == 2);
        batch.commit();
        CHECK(batch.commits() == 3);
    }
    CHECK(rows(other) == 8);
}

TEST_CASE("a batched transaction left without commit rolls back only its last batch") {
    TempDir dir;
    Database db = Database::open(dir.file("bot.db"));
    db.sql().exec("CREATE TABLE batch_test (n INTEGER)");
    {
        BatchedTransaction batch(db, 2);
        for (int n = 1; n <= 5; ++n) {
            db.sql().exec("INSERT INTO batch_test VALUES (" + std::to_string(n) + ")");
            batch.row_written();
        }
    }  // row 5 was in the open batch
    CHECK(rows(db) == 4);
}
