// A fresh sandbox: its seeded month is history, so its first scheduler tick owes nothing (no
// late runs, nothing superseded), and the rituals still fire at their next times.

#include "bot/sandbox/sandbox_clock.hpp"
#include "bot/sandbox/seed.hpp"
#include "commands/clock.hpp"
#include "commands/schedule/scheduler.hpp"
#include "emulator/workspace.hpp"
#include "storage/database.hpp"

#include <catch2/catch.hpp>

using namespace std::chrono_literals;
namespace rc = ritualbot::commands;

TEST_CASE("a freshly seeded sandbox owes no past runs, and its next ones fire",
          "[sandbox][schedule]") {
    auto db = ritualbot::storage::Database::open_in_memory();
    // Monday 30 Nov 2026 14:00 UTC: the Friday call and ballot, Monday's vote close, change-over
    // and digest are all in the past.
    const auto monday =
        std::chrono::system_clock::time_point(std::chrono::sys_seconds{1796047200s});
    const auto seeded = ritualbot::bot::sandbox::seed_sandbox(
        db, ritualbot::emulator::sandbox_workspace(), monday);
    REQUIRE(seeded.suggestions > 0);
    REQUIRE(seeded.tickets > 0);
    std::string notes;
    for (const std::string& note : seeded.notes) notes += note + "\n";
    INFO(notes);
    CHECK(seeded.notes.empty());
    // The playbook the seeded ideas name: every #tag links to one of its procedures.
    CHECK(db.sql().execAndGet("SELECT COUNT(*) FROM procedures").getInt() == 3);
    CHECK(db.sql()
              .execAndGet("SELECT COUNT(*) FROM suggestions WHERE procedure <> '' AND "
                          "procedure_id IS NULL")
              .getInt() == 0);
    CHECK(db.sql().execAndGet("SELECT COUNT(*) FROM procedure_history WHERE kind = 'changed'")
              .getInt() == 1);
    // One published incident review, noted by a second person, its countermeasure an
    // improvement of billing.
    CHECK(db.sql().execAndGet("SELECT COUNT(*) FROM incidents WHERE state = 'published'").getInt() ==
          1);
    CHECK(db.sql().execAndGet("SELECT COUNT(*) FROM incident_contributors").getInt() == 2);
    CHECK(db.sql()
              .execAndGet("SELECT COUNT(*) FROM improvements i JOIN suggestions s ON s.id = "
                          "i.suggestion_id JOIN procedures p ON p.id = s.procedure_id WHERE "
                          "s.incident_id IS NOT NULL AND p.name = 'billing'")
              .getInt() == 1);

    rc::ManualClock clock{std::chrono::floor<std::chrono::seconds>(monday)};
    rc::Context context{&db, clock};
    rc::Scheduler scheduler = rc::make_scheduler();
    int emitted = 0;
    const auto count = [&](const rc::Effects&, const std::string&) { ++emitted; };
    const auto first = scheduler.tick(context, count);
    CHECK(first.fired.empty());
    CHECK(first.superseded.empty());
    CHECK(first.failed.empty());
    CHECK(emitted == 0);

    // Tuesday 10:00 in Berlin: the change-over and the digest are due again, on time.
    clock.set(std::chrono::sys_seconds{1796047200s} + 19h);
    const auto next = scheduler.tick(context, count);
    CHECK(next.fired.size() >= 2);
    CHECK(next.late.empty());
    CHECK(next.superseded.empty());
}

TEST_CASE("the seeded sandbox's next quarter's review compares two quarters of tickets",
          "[sandbox][schedule]") {
    auto db = ritualbot::storage::Database::open_in_memory();
    // Monday 30 Nov 2026 14:00 UTC, as above.
    const auto monday =
        std::chrono::system_clock::time_point(std::chrono::sys_seconds{1796047200s});
    ritualbot::bot::sandbox::seed_sandbox(db, ritualbot::emulator::sandbox_workspace(), monday);
    rc::ManualClock clock{std::chrono::floor<std::chrono::seconds>(monday)};
    rc::Context context{&db, clock};
    rc::Scheduler scheduler = rc::make_scheduler();
    const auto none = [](const rc::Effects&, const std::string&) {};
    scheduler.tick(context, none);

    // What the page's "Next quarter's review" moves to: Monday 4 Jan 2027, 11:00 in Berlin.
    const auto next = ritualbot::bot::sandbox::next_quarterly_review(db, monday);
    REQUIRE(next);
    CHECK(*next == std::chrono::sys_seconds{1799056800s});
    clock.set(*next);
    std::vector<rc::Effects> quarterly;
    scheduler.tick(context, [&](const rc::Effects& effects, const std::string& key) {
        if (key.rfind("run:outliers.quarter:", 0) == 0) quarterly.push_back(effects);
    });
    REQUIRE(quarterly.size() == 1);
    REQUIRE(quarterly[0].posts.size() == 1);
    const std::string blocks = quarterly[0].posts[0].blocks.dump();
    INFO(blocks);
    // Both quarters have tickets, and the quarter has billing's change in it.
    CHECK(blocks.find("no data in 2026 Q3") == std::string::npos);
    CHECK(blocks.find("no data in 2026 Q4") == std::string::npos);
    CHECK(blocks.find("`billing` changed") != std::string::npos);
}
