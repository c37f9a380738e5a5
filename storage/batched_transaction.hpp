#pragma once
// A long run of writes (a ticket import, an ingest batch) committed in batches, so the write
// lock is held in short stretches: between two batches another connection gets its turn (the
// live bot's command, a second import), and readers see the rows arrive. Each batch is whole;
// a failure rolls back only the batch it hit, and what committed before stays (re-running an
// import is safe: rows are upserts).
// Threading: like Database, one thread.

#include <chrono>
#include <cstddef>
#include <optional>

#include "storage/database.hpp"

namespace ritualbot::storage {

class BatchedTransaction {
public:
    // About 10 ms of writing at the ~200,000 upserts/s measured for imports (bench/README.md,
    // Release; a Debug build is a few times slower): short against the 2 s a command of the
    // live bot waits for the lock, long enough that committing costs little.
    static constexpr std::size_t kRowsPerCommit = 2000;

    explicit BatchedTransaction(Database& db, std::size_t rows_per_commit = kRowsPerCommit);
    BatchedTransaction(const BatchedTransaction&) = delete;
    BatchedTransaction& operator=(const BatchedTransaction&) = delete;

    // Counts a row written; every rows_per_commit rows, commits and starts the next batch.
    void row_written();
    // Commits the last batch. Without it, the destructor rolls the last batch back.
    void commit();
    std::size_t commits() const { return commits_; }

private:
    void commit_batch();

    Database& db_;
    std::size_t rows_per_commit_;
    std::size_t rows_ = 0;
    std::size_t commits_ = 0;
    std::chrono::steady_clock::time_point began_;
    std::optional<Transaction> batch_;
};

}  // namespace ritualbot::storage
