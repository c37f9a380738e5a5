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

TEST_CASE("a writer waiting for the lock gets in between two batches of a long run of writes") {
    TempDir dir;
    Database writer = Database::open(dir.file("bot.db"));
    Database other = Database::open(dir.file("bot.db"));
    writer.sql().exec("CREATE TABLE batch_test (n INTEGER)");
    constexpr int kBatches = 40;

    std::future<void> other_write;
    {
        // One row a batch, each holding the lock for 20 ms, with the short gap in between:
        // a long import. SQLite's own busy handler, retrying every 25-100 ms, would miss most
        // of the gaps; the Database's retries twice a millisecond find one.
        BatchedTransaction batch(writer, 1);
        for (int n = 1; n <= kBatches; ++n) {
            writer.sql().exec("INSERT INTO batch_test VALUES (" + std::to_string(n) + ")");
            if (n == 1) {
                other_write = std::async(std::launch::async, [&other] {
                    other.sql().exec("BEGIN IMMEDIATE");
                    other.sql().exec("INSERT INTO batch_test VALUES (100)");
                    other.sql().exec("COMMIT");
                });
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
            batch.row_written();
        }
        CHECK(batch.commits() == kBatches);
        batch.commit();
    }
    REQUIRE(other_write.wait_for(std::chrono::seconds(10)) == std::future_status::ready);
    other_write.get();
    // Its row came before the last batch's, not after the whole run.
    CHECK(writer.sql()
              .execAndGet("SELECT COUNT(*) FROM batch_test WHERE rowid < "
                          "(SELECT rowid FROM batch_test WHERE n = 100)")
              .getInt() < kBatches);
    CHECK(rows(other) == kBatches + 1);
}

TEST_CASE("a batched transaction left without commit rolls back only its last batch") {
    TempDir dir;
    Database db = Database::open(dir.file("bot.db"));
    db.sql().exec("CREATE TABLE batch_test (n INTEGER)");
    {
        BatchedTransaction batch(db, 2, std::chrono::hours(1));  // batches end by rows only
        for (int n = 1; n <= 5; ++n) {
            db.sql().exec("INSERT INTO batch_test VALUES (" + std::to_string(n) + ")");
            batch.row_written();
        }
        CHECK(batch.commits() == 2);
    }  // row 5 was in the open batch
    CHECK(rows(db) == 4);
}
