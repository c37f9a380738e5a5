#include "storage/batched_transaction.hpp"

#include <thread>

namespace ritualbot::storage {

BatchedTransaction::BatchedTransaction(Database& db, std::size_t rows_per_commit,
                                       std::chrono::milliseconds max_hold)
    : db_(db), rows_per_commit_(rows_per_commit == 0 ? 1 : rows_per_commit), max_hold_(max_hold) {
    begin_batch();
}

void BatchedTransaction::row_written() {
    if (++rows_in_batch_ < rows_per_commit_ &&
        std::chrono::steady_clock::now() - began_ < max_hold_) {
        return;
    }
    commit_batch();
    // Inside a caller's transaction the batches are savepoints and the lock is not ours to free.
    if (!db_.in_transaction()) std::this_thread::sleep_for(kGap);
    begin_batch();
}

void BatchedTransaction::commit() {
    if (batch_) commit_batch();
}

void BatchedTransaction::begin_batch() {
    batch_.emplace(db_);
    began_ = std::chrono::steady_clock::now();
    rows_in_batch_ = 0;
}

void BatchedTransaction::commit_batch() {
    batch_->commit();
    batch_.reset();
    ++commits_;
}

}  // namespace ritualbot::storage
