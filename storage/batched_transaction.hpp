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
    // A batch ends after this many rows or once it has held the write lock for kMaxHold,
    // whichever comes first. The hold is what another writer waits at worst: short against the
    // 2 s a command of the live bot waits for the lock, and under BriefLockWait::kWait, what an
    // event waits; long enough that committing and the gap cost a few percent of an import.
    static constexpr std::size_t kRowsPerCommit = 20000;
    static constexpr std::chrono::milliseconds kMaxHold{25};
    // Between two batches the lock stays free this long: two of a waiting connection's retries
    // (Database::kLockRetry), so a waiter finds it free, while the importer loses ~1/25 of its
    // time. Without a gap the next BEGIN comes microseconds after the COMMIT.
    static constexpr std::chrono::microseconds kGap = 2 * Database::kLockRetry;
    static_assert(kMaxHold < BriefLockWait::kWait, "a brief wait must outlast one batch");

    explicit BatchedTransaction(Database& db, std::size_t rows_per_commit = kRowsPerCommit,
                                std::chrono::milliseconds max_hold = kMaxHold);
    BatchedTransaction(const BatchedTransaction&) = delete;
    BatchedTransaction& operator=(const BatchedTransaction&) = delete;

    // Counts a row written; ends the batch when it is full or has held the lock for max_hold,
    // and starts the next one after the gap.
    void row_written();
    // Commits the last batch. Without it, the destructor rolls the last batch back.
    void commit();
    std::size_t commits() const { return commits_; }

private:
    void begin_batch();
    void commit_batch();

    Database& db_;
    std::size_t rows_per_commit_;
    std::chrono::milliseconds max_hold_;
    std::size_t rows_in_batch_ = 0;
    std::size_t commits_ = 0;
    std::chrono::steady_clock::time_point began_;
    std::optional<Transaction> batch_;
};

}  // namespace ritualbot::storage
