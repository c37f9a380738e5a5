#include "bot/runtime/worker.hpp"

#include "bot/runtime/log.hpp"
#include "bot/runtime/metrics.hpp"
#include "storage/database.hpp"

#include <exception>
#include <optional>

namespace ritualbot::bot {

Worker::Worker(Options options) : options_(std::move(options)) {}

Worker::~Worker() {
    stop();
}

void Worker::start(std::function<void(const std::string& error)> exited) {
    {
        const std::lock_guard lock(mutex_);
        if (stopping_) return;
    }
    if (thread_.joinable()) thread_.join();  // a previous thread that ended (it posted `exited`)
    thread_ = std::jthread([this, exited = std::move(exited)](std::stop_token stop) mutable {
        run_thread(stop, std::move(exited));
    });
}

Worker::Admission Worker::submit(Job job) {
    {
        const std::lock_guard lock(mutex_);
        if (stopping_) return Admission::stopped;
        if (jobs_.size() >= options_.capacity) return Admission::full;
        jobs_.push_back(std::move(job));
    }
    wake_.notify_one();
    return Admission::queued;
}

void Worker::stop() {
    std::deque<Job> abandoned;
    {
        const std::lock_guard lock(mutex_);
        if (stopping_) return;
        stopping_ = true;
        abandoned.swap(jobs_);
    }
    thread_.request_stop();  // wakes the wait, and tells the running job
    for (Job& job : abandoned) {
        if (!job.failed) continue;
        options_.post([failed = std::move(job.failed)] { failed(kShutdownReason); });
    }
}

std::size_t Worker::queued() const {
    const std::lock_guard lock(mutex_);
    return jobs_.size();
}

void Worker::run_thread(std::stop_token stop, std::function<void(const std::string&)> exited) {
    std::string error;
    try {
        // Opened with the first job, not at start: an idle bot keeps no second connection (its
        // schema, its page cache) and this thread no malloc arena. If it cannot be opened the
        // thread ends with the job still queued, for the restarted worker.
        std::optional<storage::Database> db;
        for (;;) {
            {
                std::unique_lock lock(mutex_);
                if (!wake_.wait(lock, stop, [this] { return !jobs_.empty(); })) break;
            }
            if (!db) db.emplace(storage::Database::open(options_.db_path));
            Job job;
            {
                const std::lock_guard lock(mutex_);
                if (jobs_.empty()) continue;  // stop() took them
                job = std::move(jobs_.front());
                jobs_.pop_front();
            }
            run_job(*db, job, stop);
        }
    } catch (const std::exception& e) {
        error = e.what();
    } catch (...) {
        error = "unknown exception";
    }
    options_.post([exited = std::move(exited), error] { exited(error); });
}

void Worker::run_job(storage::Database& db, Job& job, std::stop_token stop) {
    Done done;
    std::string error;
    try {
        done = job.work(db, stop);
    } catch (const std::exception& e) {
        error = e.what();
    } catch (...) {
        error = "unknown exception";
    }
    // The job goes back with its outcome: its callbacks (and what they hold, such as an HTTP
    // answer's timer) are io-thread objects, destroyed there, never on this thread.
    options_.post([job = std::move(job), done = std::move(done), error,
                   report = options_.job_failed] {
        if (error.empty()) {
            metrics().add("ritualbot_worker_jobs_total", {{"job", job.name}, {"outcome", "done"}});
            if (done) done();
            return;
        }
        log::error("worker.job_failed", {{"job", job.name},
                                         {"context", job.context},
                                         {"error", error},
                                         {"next", "the worker goes on with the next job"}});
        metrics().add("ritualbot_worker_jobs_total", {{"job", job.name}, {"outcome", "failed"}});
        if (report) {
            report(std::string("job ")
                       .append(job.name)
                       .append(" (")
                       .append(job.context)
                       .append("): ")
                       .append(error));
        }
        if (job.failed) job.failed(error);
    });
}

}  // namespace ritualbot::bot
