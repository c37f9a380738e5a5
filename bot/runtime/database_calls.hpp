#pragma once
// Database calls from the io thread that never block it on PostgreSQL (issue 19). A call is a
// function of a storage::Database& that runs "on the database side", and a continuation that
// gets its result on the io thread.
//
// - Inline (SQLite, the default): the call runs at once with the io thread's own connection
//   and its continuation runs right after it, on the same stack: no thread, no queue, no
//   allocation, no type erasure (issue 18 counts instructions per envelope).
// - Threaded (PostgreSQL, where every libpq call blocks; or RITUALBOT_TEST_DATABASE_THREAD=1 so
//   tests exercise this path on SQLite): the call runs on one dedicated thread that owns its own
//   connection, in the order calls were made (FIFO: envelopes keep their order), and its
//   continuation is handed to `post` (the app wires it to asio::post on its io_context).
//
//     calls.run("route",
//               [&router, envelope](storage::Database&) { return router.route(envelope); },
//               [ack](nlohmann::json payload) { ack(payload); },
//               [ack](const std::string&) { ack(nullptr); });
//
// What a call may touch: its own captures and database(), plus objects that are only ever used
// from the database side (the event router, on PostgreSQL). Never an io-thread object: what it
// must tell the io thread goes in its result. As in the Worker, the whole call (work,
// continuation, failure handler and their captures) is handed back through `post` after it ran,
// so captures are destroyed on the io thread.
//
// Failures: a call whose work throws is logged once on the io thread (`database.call_failed`,
// with the call's name and error), counted, told to Options::call_failed (the app shows it in
// /readyz) and its `failed` runs with the error instead of the continuation. Inline, the same
// happens at once.
//
// Shutdown: stop() refuses new calls (their `failed` runs at once with kShutdownReason); calls
// already queued still run, being short and already promised (an envelope read is applied).
// join() and the destructor stop and join the thread; continuations it posts after io.run() ended
// are dropped with the io_context. The object must be destroyed before that io_context (declare it
// after).
//
// Threading: run() and stop() are for the io thread only.

#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <type_traits>
#include <utility>

namespace ritualbot::storage {
class Database;
}

namespace ritualbot::bot {

class DatabaseCalls {
public:
    using Post = std::function<void(std::function<void()>)>;

    struct Options {
        // Where the database thread connects (RITUALBOT_DB); unused inline.
        std::string location;
        // True: the dedicated thread (PostgreSQL, or a test forcing it). False: inline.
        bool threaded = false;
        Post post;  // runs a function on the io thread; needed when threaded
        // On the io thread after a call failed and was logged: "call NAME: error".
        std::function<void(const std::string& summary)> call_failed;
    };

    static constexpr const char* kShutdownReason = "the bot is shutting down; nothing was done";

    // Threaded: opens the thread's own connection (migrations applied) and starts the thread;
    // throws when the connection cannot be opened, as opening `io_db` would.
    DatabaseCalls(storage::Database& io_db, Options options);
    ~DatabaseCalls();  // stop(), then joins the thread
    DatabaseCalls(const DatabaseCalls&) = delete;
    DatabaseCalls& operator=(const DatabaseCalls&) = delete;

    bool threaded() const { return options_.threaded; }
    // The connection calls run with: the io thread's (inline) or the database thread's. Objects
    // built on it (the router) are then used only inside calls.
    storage::Database& database() { return *db_; }

    // `work(Database&)` returns a value R (or void); `then(R)` (or `then()`) and
    // `failed(const std::string&)` run on the io thread.
    template <typename Work, typename Then, typename Failed>
    void run(std::string_view name, Work work, Then then, Failed failed);

    void stop();
    // stop(), then waits until the queued calls ran: after it, nothing the calls use is touched
    // any more, so their owners may go (the app calls it before tearing down the router).
    void join();
    std::size_t queued() const;  // waiting, not counting the one running

private:
    // A call on its way: run() on the database thread, finish() on the io thread.
    struct Job {
        virtual ~Job() = default;
        virtual void run(storage::Database& db) = 0;  // may throw
        virtual void finish(const std::string& error) = 0;
        std::string name;
    };
    template <typename Work, typename Then, typename Failed>
    struct TypedJob;

    void submit(std::unique_ptr<Job> job);
    void run_thread();
    void report(std::string_view name, const std::string& error);
    template <typename Failed>
    void fail_inline(std::string_view name, Failed& failed) {
        const std::string error = what(std::current_exception());
        report(name, error);
        failed(error);
    }
    static std::string what(std::exception_ptr e);

    Options options_;
    std::unique_ptr<storage::Database> own_db_;  // the thread's connection (threaded only)
    storage::Database* db_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::unique_ptr<Job>> jobs_;
    bool stopping_ = false;
    std::jthread thread_;  // last member: joined before the queue it reads is destroyed
};

template <typename Work, typename Then, typename Failed>
struct DatabaseCalls::TypedJob final : DatabaseCalls::Job {
    using Result = std::invoke_result_t<Work&, storage::Database&>;
    static constexpr bool kVoid = std::is_void_v<Result>;

    TypedJob(Work w, Then t, Failed f)
        : work(std::move(w)), then(std::move(t)), failed(std::move(f)) {}

    void run(storage::Database& db) override {
        if constexpr (kVoid) {
            work(db);
        } else {
            result.emplace(work(db));
        }
    }
    void finish(const std::string& error) override {
        if (!error.empty()) {
            failed(error);
        } else if constexpr (kVoid) {
            then();
        } else {
            then(std::move(*result));
        }
    }

    Work work;
    Then then;
    Failed failed;
    std::optional<std::conditional_t<kVoid, char, Result>> result;
};

template <typename Work, typename Then, typename Failed>
void DatabaseCalls::run(std::string_view name, Work work, Then then, Failed failed) {
    using Result = std::invoke_result_t<Work&, storage::Database&>;
    if (!threaded()) {
        // Inline: straight calls; a throw costs nothing until it happens. The continuation runs
        // outside the try: a throw there is the caller's, not a failed call.
        if constexpr (std::is_void_v<Result>) {
            try {
                work(*db_);
            } catch (...) {
                fail_inline(name, failed);
                return;
            }
            then();
        } else {
            std::optional<Result> result;
            try {
                result.emplace(work(*db_));
            } catch (...) {
                fail_inline(name, failed);
                return;
            }
            then(std::move(*result));
        }
        return;
    }
    auto job = std::make_unique<TypedJob<Work, Then, Failed>>(std::move(work), std::move(then),
                                                              std::move(failed));
    job->name = std::string(name);
    submit(std::move(job));
}

}  // namespace ritualbot::bot
