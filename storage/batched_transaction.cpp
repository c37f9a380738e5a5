#include "storage/batched_transaction.hpp"

#include <sqlite3.h>

#include <thread>

namespace ritualbot::storage {

BatchedTransaction::BatchedTransaction(Database& db, std::size_t rows_per_commit)
    : db_(db),
      rows_per_commit_(rows_per_commit == 0 ? 1 : rows_per_commit),
      began_(std::chrono::steady_clock::now()) {
    batch_.emplace(db_);
}

void BatchedTransaction::row_written() {
    if (++rows_ % rows_per_commit_ != 0) return;
    commit_batch();
    // Free the lock for as long as the batch held it. Without a pause the next BEGIN comes
    // microseconds after the COMMIT, while a waiting connection sleeps in SQLite's busy
    // handler (retrying every 25-100 ms) and would find the lock taken at every retry until it
    // gives up. With it, a waiter finds the lock free at least half of the time, at any
    // build's speed.
    if (sqlite3_get_autocommit(db_.sql().getHandle()) != 0)
        std::this_thread::sleep_for(std::chrono::steady_clock::now() - began_);
    began_ = std::chrono::steady_clock::now();
    batch_.emplace(db_);
}

void BatchedTransaction::commit() {
    if (batch_) commit_batch();
}

void BatchedTransaction::commit_batch() {
    batch_->commit();
    batch_.reset();
    ++commits_;
}

}  // namespace ritualbot::storage
