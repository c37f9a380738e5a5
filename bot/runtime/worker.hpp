#pragma once
// The worker: one thread with its own database connection that runs the bot's slow jobs (a
// ticket ingest batch, a CSV import, a helpdesk poll, a digest over months) one at a time, in
// the order they were submitted, so that the io thread, which acks every envelope, never waits
// for them. The queue is bounded: a job submitted when it is full is refused at once (the
// caller answers "busy, nothing done"), never queued without limit.
//
// Results come back to the io thread: the app wires `post` to asio::post on its io_context, and
// every callback of a job (done, failed) runs there, never on the worker thread. So a job's
// `work` may only touch its own values and the connection it is given; what it returns (a
// function holding its result) may then log, count metrics and answer its requester.
//
//     worker.submit({"ingest_tickets", "channel=C0123",
//                    [body](storage::Database& db, std::stop_token stop) -> Worker::Done {
//                        auto report = store(db, body, stop);  // on the worker thread
//                        return [report, respond] { respond(report); };  // on the io thread
//                    },
//                    [respond](const std::string& why) { respond_busy(why); }});
//
// Failures: a job whose work throws is logged once on the io thread (`worker.job_failed`, with
// the job's name, context and error; the worker goes on with the next job), its `failed` runs
// with the error, and `Options::job_failed` is told (the app shows it as the worker task's last
// error in /readyz). Anything that ends the thread itself (its connection, opened when the
// first job comes, cannot be opened) reaches the `exited` callback of start(): the app runs the
// worker under its Supervisor, which restarts it with backoff and counts the restart.
//
// Shutdown (stop()): nothing new is accepted; jobs still queued never run and get
// failed(kShutdownReason); the job running is asked to stop through its stop_token, which a
// long job checks between batches (what it committed stays committed, each batch whole) and a
// short job may ignore. The destructor stops and joins the thread.
//
// Ownership and threading: submit() and queued() are thread-safe; start() and stop() are for
// the io thread. A job's work owns everything it uses (values, shared_ptrs, or data nobody
// changes any more, such as the command table), never io-thread objects; the job is handed back
// through `post` after it ran, so its callbacks and their captures are destroyed on the io
// thread. The worker must be destroyed before the io_context
// its `post` reaches (declare it after).

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <stop_token>
#include <string>
#include <thread>

namespace ritualbot::storage {
class Database;
}

namespace ritualbot::bot {

class Worker {
public:
    // What to run on the io thread once a job is done (usually: answer with its result).
    using Done = std::function<void()>;
    // Runs a function on the io thread.
    using Post = std::function<void(std::function<void()>)>;

    struct Job {
        std::string name;     // what it is, for logs and metrics: "ingest_tickets"
        std::string context;  // what it is about, for the log: "channel=C0123 items=512"
        // On the worker thread, with the worker's connection; returns what to run on the io
        // thread with the result (may be empty).
        std::function<Done(storage::Database&, std::stop_token)> work;
        // On the io thread when work threw (with its error) or never ran (kShutdownReason).
        std::function<void(const std::string& reason)> failed;
    };

    struct Options {
        std::string db_path;  // the worker opens its own connection to it (migrations applied)
        Post post;
        std::size_t capacity = kDefaultCapacity;
        // On the io thread after a job failed and was logged: "job NAME (CONTEXT): error".
        std::function<void(const std::string& summary)> job_failed;
    };

    enum class Admission { queued, full, stopped };

    // Ingest bodies are up to 8 MiB each: sixteen waiting bound the memory held to ~128 MiB,
    // and a client told "busy" retries sooner than it would wait behind a long queue.
    static constexpr std::size_t kDefaultCapacity = 16;
    static constexpr const char* kShutdownReason = "the bot is shutting down; nothing was done";

    explicit Worker(Options options);
    ~Worker();  // stop(), then joins the thread
    Worker(const Worker&) = delete;
    Worker& operator=(const Worker&) = delete;

    // Starts the thread (after a previous one ended, a new one with a new connection).
    // `exited` runs on the io thread when it ends: with an empty string after stop(), with the
    // error when something outside a job ended it. Jobs submitted before start() wait for it.
    void start(std::function<void(const std::string& error)> exited);
    Admission submit(Job job);
    void stop();
    std::size_t queued() const;  // waiting, not counting the one running

private:
    void run_thread(std::stop_token stop, std::function<void(const std::string&)> exited);
    void run_job(storage::Database& db, Job& job, std::stop_token stop);

    Options options_;
    mutable std::mutex mutex_;
    std::condition_variable_any wake_;
    std::deque<Job> jobs_;
    bool stopping_ = false;
    std::jthread thread_;  // last member: joined before the queue it reads is destroyed
};

}  // namespace ritualbot::bot
