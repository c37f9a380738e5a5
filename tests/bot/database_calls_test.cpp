// The database calls on a real database file, both ways: inline, a call and its continuation
// run at once on the caller's thread with the caller's connection; threaded, calls run in order
// on one thread with its own connection, continuations come back through `post` (run here by
// the test thread, which plays the io thread), a throwing call is reported and the next runs,
// stop() lets queued calls finish, refuses new ones and the destructor joins; a coroutine
// awaits calls (database_await.hpp) both ways.

#include "bot/runtime/database_calls.hpp"
#include "bot/runtime/database_await.hpp"
#include "storage/database.hpp"
#include "support/posted_queue.hpp"
#include "support/temp_dir.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include <catch2/catch.hpp>

#include <future>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

using ritualbot::bot::DatabaseCalls;
using ritualbot::storage::Database;
using ritualbot::test::PostedQueue;

namespace {

struct Scene {
    explicit Scene(bool threaded)
        : io_db(Database::open(dir.file("bot.db"))),
          calls(io_db, {dir.file("bot.db"), threaded, io.post(),
                        [this](const std::string& summary) { failures.push_back(summary); }}) {}

    ritualbot::test::TempDir dir;
    PostedQueue io;
    std::vector<std::string> failures;
    Database io_db;
    DatabaseCalls calls;  // last: joined before the rest goes
};

// Inserts `label` on the database side and returns the row count then.
long long insert(Database& db, const std::string& label) {
    db.sql().exec("CREATE TABLE IF NOT EXISTS calls_test (label TEXT)");
    db.sql().exec("INSERT INTO calls_test VALUES ('" + label + "')");
    return db.sql().execAndGet("SELECT count(*) FROM calls_test").getInt64();
}

// Records on which thread and in what order things ran, and who destroyed a capture.
struct Seen {
    std::vector<std::string> labels;
    std::vector<long long> counts;
    std::thread::id work_thread;
    std::thread::id then_thread;
};

}  // namespace

TEST_CASE("inline database calls run at once with the io thread's connection") {
    Scene scene(false);
    CHECK_FALSE(scene.calls.threaded());
    CHECK(&scene.calls.database() == &scene.io_db);
    Seen seen;
    scene.calls.run(
        "insert",
        [&](Database& db) {
            seen.work_thread = std::this_thread::get_id();
            CHECK(&db == &scene.io_db);
            return insert(db, "one");
        },
        [&](long long count) {
            seen.then_thread = std::this_thread::get_id();
            seen.counts.push_back(count);
        },
        [](const std::string&) { FAIL("not expected to fail"); });
    // Already done when run() returned, nothing posted.
    CHECK(seen.counts == std::vector<long long>{1});
    CHECK(seen.work_thread == std::this_thread::get_id());
    CHECK(seen.then_thread == std::this_thread::get_id());
    CHECK(scene.io.waiting() == 0);
}

TEST_CASE("an inline database call that throws is reported and its failed handler runs") {
    Scene scene(false);
    std::string failed_with;
    bool continued = false;
    scene.calls.run(
        "route", [](Database&) -> int { throw std::runtime_error("disk I/O error"); },
        [&](int) { continued = true; }, [&](const std::string& why) { failed_with = why; });
    CHECK_FALSE(continued);
    CHECK(failed_with == "disk I/O error");
    CHECK(scene.failures == std::vector<std::string>{"call route: disk I/O error"});
}

TEST_CASE("threaded database calls run in order on their own thread and connection") {
    Scene scene(true);
    REQUIRE(scene.calls.threaded());
    CHECK(&scene.calls.database() != &scene.io_db);
    Seen seen;
    std::vector<std::thread::id> work_threads;
    for (const char* label : {"first", "second", "third", "fourth"}) {
        scene.calls.run(
            "insert",
            [label, &work_threads](Database& db) {
                work_threads.push_back(std::this_thread::get_id());
                return insert(db, label);
            },
            [label, &seen](long long count) {
                seen.then_thread = std::this_thread::get_id();
                seen.labels.push_back(label);
                seen.counts.push_back(count);
            },
            [](const std::string&) { FAIL("not expected to fail"); });
    }
    // Nothing comes back until the test thread runs what was posted.
    CHECK(seen.labels.empty());
    REQUIRE(scene.io.run_until([&] { return seen.labels.size() == 4; }));
    CHECK(seen.labels == std::vector<std::string>{"first", "second", "third", "fourth"});
    CHECK(seen.counts == std::vector<long long>{1, 2, 3, 4});
    CHECK(seen.then_thread == std::this_thread::get_id());
    for (const auto& id : work_threads) CHECK(id != std::this_thread::get_id());
    // Committed through the thread's own connection: the io thread's sees the rows.
    CHECK(scene.io_db.sql()
              .execAndGet("SELECT group_concat(label, ' ') FROM calls_test")
              .getString() == "first second third fourth");
}

TEST_CASE("a threaded call's captures are destroyed on the io thread") {
    Scene scene(true);
    // A capture that notes the thread it is destroyed on.
    struct Witness {
        std::thread::id* destroyed_on;
        ~Witness() { *destroyed_on = std::this_thread::get_id(); }
    };
    std::thread::id destroyed_on;
    bool done = false;
    {
        auto witness = std::make_shared<Witness>(Witness{&destroyed_on});
        scene.calls.run(
            "witness", [witness](Database&) { return 0; }, [witness, &done](int) { done = true; },
            [witness](const std::string&) {});
    }
    // The posted function, the job's last owner, is run and destroyed by the test thread.
    REQUIRE(scene.io.run_until([&] { return done; }));
    CHECK(destroyed_on == std::this_thread::get_id());
}

TEST_CASE("a threaded call that throws is reported on the io thread and the next call runs") {
    Scene scene(true);
    std::string failed_with;
    std::thread::id failed_on;
    scene.calls.run(
        "route", [](Database&) -> int { throw std::runtime_error("connection lost"); },
        [](int) { FAIL("not expected to continue"); },
        [&](const std::string& why) {
            failed_with = why;
            failed_on = std::this_thread::get_id();
        });
    bool after = false;
    scene.calls.run(
        "after", [](Database&) {}, [&] { after = true; },
        [](const std::string&) { FAIL("not expected to fail"); });
    REQUIRE(scene.io.run_until([&] { return after; }));
    CHECK(failed_with == "connection lost");
    CHECK(failed_on == std::this_thread::get_id());
    CHECK(scene.failures == std::vector<std::string>{"call route: connection lost"});
}

TEST_CASE("stopping the database calls finishes what is queued and refuses what comes after") {
    std::vector<std::string> finished;
    std::string refused_with;
    {
        Scene scene(true);
        std::promise<void> release;
        std::shared_future<void> released = release.get_future().share();
        // The first call holds the thread until released, so the next two wait in the queue.
        scene.calls.run(
            "held", [released](Database&) { released.wait(); }, [&] { finished.push_back("held"); },
            [](const std::string&) {});
        for (const char* label : {"queued 1", "queued 2"}) {
            scene.calls.run(
                "queued", [label](Database& db) { return insert(db, label); },
                [label, &finished](long long) { finished.push_back(label); },
                [](const std::string&) { FAIL("a queued call still runs"); });
        }
        scene.calls.stop();
        scene.calls.run(
            "late", [](Database&) { FAIL("not expected to run"); }, [] {},
            [&](const std::string& why) { refused_with = why; });
        CHECK(refused_with == DatabaseCalls::kShutdownReason);  // at once, on this thread
        release.set_value();
        REQUIRE(scene.io.run_until([&] { return finished.size() == 3; }));
        CHECK(scene.io_db.sql().execAndGet("SELECT count(*) FROM calls_test").getInt() == 2);
    }  // the destructor joins the thread (which had nothing left)
    CHECK(finished == std::vector<std::string>{"held", "queued 1", "queued 2"});
}

namespace {

// A coroutine on `io` that awaits two calls, the second one throwing.
boost::asio::awaitable<void> await_calls(DatabaseCalls& calls, std::vector<long long>& counts,
                                         std::string& error, std::thread::id& resumed_on) {
    const auto first = [](Database& db) { return insert(db, "awaited"); };
    counts.push_back(co_await ritualbot::bot::on_database_side(calls, "insert", first));
    resumed_on = std::this_thread::get_id();
    const auto failing = [](Database&) -> long long { throw std::runtime_error("lock timeout"); };
    try {
        counts.push_back(co_await ritualbot::bot::on_database_side(calls, "failing", failing));
    } catch (const std::runtime_error& e) {
        error = e.what();
    }
}

}  // namespace

TEST_CASE("a coroutine awaits database calls both ways and gets their errors as exceptions") {
    for (const bool threaded : {false, true}) {
        ritualbot::test::TempDir dir;
        Database io_db = Database::open(dir.file("bot.db"));
        boost::asio::io_context io;
        DatabaseCalls calls(
            io_db, {dir.file("bot.db"),
                    threaded,
                    [&io](std::function<void()> f) { boost::asio::post(io, std::move(f)); },
                    {}});
        std::vector<long long> counts;
        std::string error;
        std::thread::id resumed_on;
        boost::asio::co_spawn(io, await_calls(calls, counts, error, resumed_on),
                              boost::asio::detached);
        // run() returns once the coroutine ended: a call under way counts as work.
        io.run();
        CHECK(counts == std::vector<long long>{1});
        CHECK(error == "lock timeout");
        CHECK(resumed_on == std::this_thread::get_id());
    }
}
