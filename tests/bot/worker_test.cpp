// The worker on a real database file: jobs run in order on their own thread and connection,
// results come back through `post` to the thread that plays the io thread here, a throwing job
// is reported and the next one runs, a full queue refuses, stop() abandons what waits.

#include "bot/runtime/worker.hpp"
#include "storage/database.hpp"
#include "support/posted_queue.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <condition_variable>
#include <deque>
#include <future>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

using ritualbot::bot::Worker;
using ritualbot::storage::Database;
using namespace std::chrono_literals;

namespace {

using ritualbot::test::PostedQueue;

struct Scene {
    explicit Scene(std::size_t capacity = Worker::kDefaultCapacity)
        : worker({dir.file("bot.db"), io.post(), capacity,
                  [this](const std::string& summary) { failures.push_back(summary); }}) {
        Database::open(dir.file("bot.db"));  // created and migrated, as `run` does before
        worker.start([this](const std::string& error) {
            exited = true;
            exit_error = error;
        });
    }

    ritualbot::test::TempDir dir;
    PostedQueue io;
    std::vector<std::string> failures;
    bool exited = false;
    std::string exit_error;
    Worker worker;  // last: stopped and joined before the rest goes
};

// A job that records `label` in the database and, back on the io thread, in `seen`.
Worker::Job recording(const std::string& label, std::vector<std::string>& seen,
                      std::thread::id& ran_on) {
    return {"record",
            "label=" + label,
            [label, &seen, &ran_on](Database& db, std::stop_token) -> Worker::Done {
                db.sql().exec("CREATE TABLE IF NOT EXISTS worker_test (label TEXT)");
                db.sql().exec("INSERT INTO worker_test VALUES ('" + label + "')");
                ran_on = std::this_thread::get_id();
                return [label, &seen] { seen.push_back(label); };
            },
            {}};
}

}  // namespace

TEST_CASE("worker jobs run in order on their own thread and report back through post") {
    Scene scene;
    std::vector<std::string> seen;
    std::thread::id ran_on;
    for (const char* label : {"first", "second", "third"})
        REQUIRE(scene.worker.submit(recording(label, seen, ran_on)) == Worker::Admission::queued);

    REQUIRE(scene.io.run_until([&] { return seen.size() == 3; }));
    CHECK(seen == std::vector<std::string>{"first", "second", "third"});
    CHECK(ran_on != std::this_thread::get_id());
    // Committed through the worker's own connection: another connection sees the rows.
    Database other = Database::open(scene.dir.file("bot.db"));
    CHECK(other.sql().execAndGet("SELECT group_concat(label, ' ') FROM worker_test").getString() ==
          "first second third");
}

TEST_CASE("a worker job that throws is reported with its name and the next job still runs") {
    Scene scene;
    std::string failed_with;
    REQUIRE(scene.worker.submit({"ingest_tickets", "channel=C0CREW",
                                 [](Database&, std::stop_token) -> Worker::Done {
                                     throw std::runtime_error("disk I/O error");
                                 },
                                 [&](const std::string& why) { failed_with = why; }}) ==
            Worker::Admission::queued);
    std::vector<std::string> seen;
    std::thread::id ran_on;
    REQUIRE(scene.worker.submit(recording("after", seen, ran_on)) == Worker::Admission::queued);

    REQUIRE(scene.io.run_until([&] { return seen.size() == 1; }));
    CHECK(failed_with == "disk I/O error");
    REQUIRE(scene.failures.size() == 1);
    CHECK(scene.failures[0] == "job ingest_tickets (channel=C0CREW): disk I/O error");
    CHECK_FALSE(scene.exited);
}

TEST_CASE("a full worker queue refuses at once and stop abandons what waits") {
    Scene scene(2);
    std::promise<void> release;
    std::promise<void> running;
    const std::shared_future<void> released = release.get_future().share();
    bool saw_stop = false;
    // The running job: it holds the worker until the test releases it, then reports whether
    // the stop reached it.
    REQUIRE(scene.worker.submit(
                {"slow",
                 "",
                 [&running, released, &saw_stop](Database&, std::stop_token stop) -> Worker::Done {
                     running.set_value();
                     released.wait();
                     return [&saw_stop, stopped = stop.stop_requested()] { saw_stop = stopped; };
                 },
                 {}}) == Worker::Admission::queued);
    REQUIRE(running.get_future().wait_for(10s) == std::future_status::ready);

    std::vector<std::string> abandoned;
    const auto waiting = [&abandoned](const std::string& label) {
        return Worker::Job{"waiting", label,
                           [](Database&, std::stop_token) -> Worker::Done { return {}; },
                           [&abandoned, label](const std::string& why) {
                               abandoned.push_back(label + ": " + why);
                           }};
    };
    CHECK(scene.worker.submit(waiting("a")) == Worker::Admission::queued);
    CHECK(scene.worker.submit(waiting("b")) == Worker::Admission::queued);
    CHECK(scene.worker.submit(waiting("c")) == Worker::Admission::full);
    CHECK(scene.worker.queued() == 2);

    scene.worker.stop();
    CHECK(scene.worker.submit(waiting("d")) == Worker::Admission::stopped);
    release.set_value();
    REQUIRE(scene.io.run_until([&] { return scene.exited; }));
    CHECK(saw_stop);  // the running job finished, told to stop
    CHECK(abandoned == std::vector<std::string>{std::string("a: ") + Worker::kShutdownReason,
                                                std::string("b: ") + Worker::kShutdownReason});
    CHECK(scene.exit_error.empty());
}

TEST_CASE("a worker that cannot open its database ends with the error for its supervisor") {
    ritualbot::test::TempDir dir;
    PostedQueue io;
    Worker worker({dir.file("missing-dir/bot.db"), io.post(), Worker::kDefaultCapacity, {}});
    std::string error;
    bool exited = false;
    worker.start([&](const std::string& why) {
        exited = true;
        error = why;
    });
    // The connection is opened with the first job: an idle worker holds none.
    bool ran = false;
    REQUIRE(worker.submit({"job",
                           "",
                           [&ran](Database&, std::stop_token) -> Worker::Done {
                               ran = true;
                               return {};
                           },
                           {}}) == Worker::Admission::queued);
    REQUIRE(io.run_until([&] { return exited; }));
    CHECK_THAT(error, Catch::Contains("missing-dir/bot.db"));
    CHECK_FALSE(ran);
    CHECK(worker.queued() == 1);  // still queued, for the restarted worker
}
