#include "bot/runtime/database_calls.hpp"

#include "bot/runtime/log.hpp"
#include "bot/runtime/metrics.hpp"
#include "storage/database.hpp"

namespace ritualbot::bot {

DatabaseCalls::DatabaseCalls(storage::Database& io_db, Options options)
    : options_(std::move(options)), db_(&io_db) {
    if (!options_.threaded) return;
    own_db_ = std::make_unique<storage::Database>(storage::Database::open(options_.location));
    db_ = own_db_.get();
    thread_ = std::jthread([this] { run_thread(); });
}

DatabaseCalls::~DatabaseCalls() {
    join();
}

void DatabaseCalls::join() {
    stop();
    if (thread_.joinable()) thread_.join();
}

void DatabaseCalls::stop() {
    {
        const std::lock_guard lock(mutex_);
        if (stopping_) return;
        stopping_ = true;
    }
    wake_.notify_all();
}

std::size_t DatabaseCalls::queued() const {
    const std::lock_guard lock(mutex_);
    return jobs_.size();
}

void DatabaseCalls::submit(std::unique_ptr<Job> job) {
    {
        const std::lock_guard lock(mutex_);
        if (!stopping_) {
            jobs_.push_back(std::move(job));
            job = nullptr;
        }
    }
    if (job) {
        job->finish(kShutdownReason);  // on the io thread already: the caller's
        return;
    }
    wake_.notify_one();
}

void DatabaseCalls::run_thread() {
    for (;;) {
        std::unique_ptr<Job> job;
        {
            std::unique_lock lock(mutex_);
            // Stopping ends the thread only once the queue is empty: queued calls still run.
            wake_.wait(lock, [this] { return !jobs_.empty() || stopping_; });
            if (jobs_.empty()) return;
            job = std::move(jobs_.front());
            jobs_.pop_front();
        }
        std::string error;
        try {
            job->run(*db_);
        } catch (...) {
            error = what(std::current_exception());
            if (error.empty()) error = "unknown error";
        }
        // Post takes a copyable function: the job travels as a shared_ptr, whose last owner
        // is the posted function, destroyed on the io thread with everything the job holds.
        std::shared_ptr<Job> done(std::move(job));
        options_.post([this, done = std::move(done), error] {
            if (!error.empty()) report(done->name, error);
            done->finish(error);
        });
    }
}

void DatabaseCalls::report(std::string_view name, const std::string& error) {
    log::error("database.call_failed",
               {{"call", std::string(name)}, {"error", error}, {"next", "the bot goes on"}});
    metrics().add("ritualbot_database_calls_failed_total", {{"call", std::string(name)}});
    if (options_.call_failed) {
        options_.call_failed(std::string("call ").append(name).append(": ").append(error));
    }
}

std::string DatabaseCalls::what(std::exception_ptr e) {
    try {
        std::rethrow_exception(std::move(e));
    } catch (const std::exception& error) {
        return error.what();
    } catch (...) {
        return "unknown exception";
    }
}

}  // namespace ritualbot::bot
