#include <catch2/catch.hpp>

#include <algorithm>
#include <stdexcept>

#include "captain_fixture.hpp"
#include "commands/captain/changeover.hpp"
#include "commands/schedule/missed_runs.hpp"
#include "commands/schedule/schedule_reads.hpp"
#include "storage/database.hpp"
#include "storage/scheduled_runs.hpp"
#include "support/temp_dir.hpp"

namespace rc = ritualbot::commands;
using Catch::Contains;
using ritualbot::test::CrewFixture;
using ritualbot::test::utc;
using namespace std::chrono_literals;

namespace {

// U1, U2, U3 set up on Friday 27 Nov 2026 10:00 UTC; change-over 09:00 UTC, Mon–Fri.
struct Crew : CrewFixture {
    Crew() { captain("add <@U1> <@U2> <@U3>"); }
    std::string state(const std::string& date) {
        const auto run =
            ritualbot::storage::ScheduledRuns(db).find("captain.changeover", "C0CREW", date);
        return run ? ritualbot::storage::to_string(run->state) : "none";
    }
};

}  // namespace

TEST_CASE("the shift in progress at set-up is not announced", "[scheduler]") {
    Crew crew;
    const auto report = crew.tick();
    CHECK(report.fired.empty());
    CHECK(report.superseded.empty());
    CHECK(report.failed.empty());
    CHECK(crew.scheduler.next_wake(crew.context) == utc(2026, 11, 30, 9));
}

TEST_CASE("a change-over fires once: repeated ticks and a restart do not repeat it",
          "[scheduler]") {
    Crew crew;
    crew.captain("handoff escalation T-1 is waiting on billing", "U1");
    crew.clock.set(utc(2026, 11, 30, 9, 0) + 30s);
    const auto report = crew.tick();
    REQUIRE(report.fired.size() == 1);
    CHECK(report.fired[0].local_date == "2026-11-30");
    CHECK(report.fired[0].fire_at == utc(2026, 11, 30, 9));
    REQUIRE(crew.emitted.size() == 1);
    CHECK(crew.emitted[0].key == "run:captain.changeover:C0CREW:2026-11-30");
    const auto& posts = crew.emitted[0].effects.posts;
    REQUIRE(posts.size() == 1);
    CHECK(posts[0].channel == "C0CREW");
    CHECK(posts[0].text ==
          ":ship: *Captain change-over* — Mon 30 Nov\n<@U2> is captain today.\n*Checklist*\n"
          "• Review yesterday's outlier digest (`/outliers yesterday`)\n• Triage the queue\n"
          "• Update the playbook\n*Handoff from <@U1>*\n>escalation T-1 is waiting on billing\n"
          "Next: <@U3> from Tue 1 Dec.");
    CHECK(crew.emitted[0].effects.usergroup_updates.empty());

    CHECK(crew.tick().fired.empty());
    rc::Scheduler restarted = rc::make_scheduler();
    CHECK(
        restarted
            .tick(crew.context, [](const rc::Effects&, const std::string&) { FAIL("fired twice"); })
            .fired.empty());
    CHECK(crew.emitted.size() == 1);
    CHECK(crew.state("2026-11-30") == "fired");
    CHECK(crew.count("SELECT COUNT(*) FROM captain_shifts WHERE start_date = '2026-11-30' AND "
                     "user_id = 'U2'") == 1);
    CHECK(crew.count("SELECT COUNT(*) FROM audit_log WHERE action = 'captain.changeover'") == 1);
    // The handoff was delivered once.
    crew.clock.set(utc(2026, 12, 1, 9, 1));
    crew.tick();
    REQUIRE(crew.emitted.size() == 2);
    CHECK_THAT(crew.emitted[1].effects.posts[0].text, !Contains("Handoff"));
    CHECK_THAT(crew.emitted[1].effects.posts[0].text, Contains("<@U3> is captain today."));
}

TEST_CASE("a crash in the middle of a change-over leaves nothing half done", "[scheduler]") {
    Crew crew;
    crew.clock.set(utc(2026, 11, 30, 9, 5));
    const auto report = crew.scheduler.tick(
        crew.context,
        [](const rc::Effects&, const std::string&) { throw std::runtime_error("disk full"); });
    REQUIRE(report.failed.size() == 1);
    CHECK(report.failed[0].reason == "disk full");
    CHECK(report.fired.empty());
    CHECK(crew.state("2026-11-30") == "none");
    CHECK(crew.count("SELECT COUNT(*) FROM captain_shifts WHERE start_date = '2026-11-30'") == 0);
    // After the restart the run is still due, and fires exactly once.
    rc::Scheduler restarted = rc::make_scheduler();
    int emitted = 0;
    const auto count = [&](const rc::Effects&, const std::string&) { ++emitted; };
    CHECK(restarted.tick(crew.context, count).fired.size() == 1);
    CHECK(restarted.tick(crew.context, count).fired.empty());
    CHECK(emitted == 1);
}

TEST_CASE("a change-over missed while the bot was down runs late, once", "[scheduler]") {
    Crew crew;
    // Down from Monday 08:00 to 13:30: the 09:00 change-over is 4 h 30 min late.
    crew.clock.set(utc(2026, 11, 30, 13, 30));
    const auto report = crew.tick();
    REQUIRE(report.fired.size() == 1);
    REQUIRE(report.late.size() == 1);
    CHECK(report.late[0].local_date == "2026-11-30");
    CHECK(report.superseded.empty());  // Friday's shift was the one in progress at set-up
    REQUIRE(crew.emitted.size() == 1);
    CHECK_THAT(crew.emitted[0].effects.posts.at(0).text, Contains("<@U2> is captain today."));
    CHECK(crew.state("2026-11-30") == "fired");
    CHECK(crew.tick().fired.empty());
    rc::Scheduler restarted = rc::make_scheduler();
    CHECK(
        restarted.tick(crew.context, [](const rc::Effects&, const std::string&) { FAIL("twice"); })
            .fired.empty());
    CHECK_THAT(crew.captain("who").text, Contains("<@U2> is captain (since Mon 30 Nov 09:00"));
}

TEST_CASE("a missed change-over whose next one has come is recorded as superseded", "[scheduler]") {
    Crew crew;
    crew.clock.set(utc(2026, 11, 30, 9, 1));
    crew.tick();  // Monday, on time
    // Down from Monday 10:00 to Wednesday 11:00: Tuesday's run was missed, Wednesday's is due.
    crew.clock.set(utc(2026, 12, 2, 11));
    const auto report = crew.tick();
    REQUIRE(report.fired.size() == 1);
    CHECK(report.fired[0].local_date == "2026-12-02");
    REQUIRE(report.superseded.size() == 1);
    CHECK(report.superseded[0].local_date == "2026-12-01");
    CHECK(crew.state("2026-12-01") == "skipped");
    CHECK(crew.emitted.size() == 2);
    CHECK(crew.tick().superseded.empty());
}

TEST_CASE("the missed-run rule", "[scheduler][missed]") {
    using rc::RunStep;
    struct Row {
        bool recorded, previous_pending, ever_ran, knows_start;
        std::chrono::minutes late_by;
        RunStep step;
        bool late, supersede;
    };
    const std::initializer_list<Row> rows = {
        // dealt with already: nothing, however late
        {true, true, true, true, 0min, RunStep::nothing, false, false},
        {true, false, false, false, 600min, RunStep::nothing, false, false},
        // on time, and 3.5 h late (the bot was down): fires, once
        {false, false, true, true, 1min, RunStep::fire, false, false},
        {false, false, true, true, 210min, RunStep::fire, true, false},
        // the occurrence before it was missed too: only the newest fires
        {false, true, true, true, 1min, RunStep::fire, false, true},
        {false, true, false, true, 30h, RunStep::fire, true, true},
        // a ritual that knows its set-up time but never ran: its first run is owed
        {false, false, false, true, 300min, RunStep::fire, true, false},
        // one that does not, seen for the first time: on time fires, late owes nothing
        {false, true, false, false, 1min, RunStep::fire, false, false},
        {false, true, false, false, 121min, RunStep::baseline, false, false},
        // ... and once it has run, it is owed its missed runs like any other
        {false, true, true, false, 300min, RunStep::fire, true, true},
    };
    int line = 0;
    for (const Row& row : rows) {
        INFO("row " << ++line);
        const rc::MissedRunPlan plan = rc::plan_missed_run(
            {row.recorded, row.previous_pending, row.ever_ran, row.knows_start, row.late_by},
            std::chrono::hours(2));
        CHECK(plan.step == row.step);
        CHECK(plan.late == row.late);
        CHECK(plan.supersede_previous == row.supersede);
    }
    // A later occurrence ran already (the rule moved behind it): owed nothing, however late.
    rc::MissedRunFacts moved{false, true, true, true, 3h};
    moved.before_last_run = true;
    CHECK(rc::plan_missed_run(moved, std::chrono::hours(2)).step == RunStep::baseline);
}

TEST_CASE("a failing run is retried with backoff, then given up, and never blocks another channel",
          "[scheduler][isolation]") {
    Crew crew;
    crew.run("/captain", "add <@U4> <@U5>", "U1", "C0OTHER");
    crew.clock.set(utc(2026, 11, 30, 9, 1));
    int other_fired = 0;
    const auto emit = [&](const rc::Effects&, const std::string& key) {
        if (key.find("C0CREW") != std::string::npos) throw std::runtime_error("bad row in C0CREW");
        ++other_fired;
    };
    auto report = crew.scheduler.tick(crew.context, emit);
    CHECK(other_fired == 1);
    REQUIRE(report.failed.size() == 1);
    CHECK(report.failed[0].run.channel == "C0CREW");
    CHECK(report.failed[0].reason == "bad row in C0CREW");
    REQUIRE(report.failed[0].retry_at);
    CHECK(*report.failed[0].retry_at == utc(2026, 11, 30, 9, 1) + 30s);
    CHECK(crew.scheduler.next_wake(crew.context) == utc(2026, 11, 30, 9, 1) + 30s);
    // Not before its retry time, then with doubling waits, then given up for good.
    CHECK(crew.scheduler.tick(crew.context, emit).failed.empty());
    for (int attempt = 2; attempt <= rc::Scheduler::kMaxRunAttempts; ++attempt) {
        crew.clock.set(*crew.scheduler.next_wake(crew.context));
        report = crew.scheduler.tick(crew.context, emit);
        REQUIRE(report.failed.size() == 1);
        CHECK(report.failed[0].attempts == attempt);
        CHECK(report.failed[0].retry_at.has_value() == (attempt < rc::Scheduler::kMaxRunAttempts));
    }
    CHECK(crew.state("2026-11-30") == "skipped");
    CHECK(crew.scheduler.tick(crew.context, emit).failed.empty());
    CHECK(other_fired == 1);
}

TEST_CASE("no shift starts on a holiday and nobody is pinged", "[scheduler]") {
    Crew crew;
    crew.captain("holiday add 2026-11-30");
    crew.clock.set(utc(2026, 11, 30, 9, 1));
    CHECK(crew.tick().fired.empty());
    CHECK(crew.emitted.empty());
    CHECK(crew.scheduler.next_wake(crew.context) == utc(2026, 12, 1, 9));
    crew.clock.set(utc(2026, 12, 1, 9, 1));
    CHECK(crew.tick().fired.size() == 1);
    CHECK_THAT(crew.emitted.at(0).effects.posts.at(0).text, Contains("<@U2> is captain today."));
}

TEST_CASE("the scheduler's plan, without the ledger, builds the same rule and refuses to project",
          "[scheduler]") {
    Crew crew;
    crew.captain("holiday add 2026-11-30");
    const rc::CaptainPlan full = rc::CaptainPlan::load(crew.db, "C0CREW");
    const rc::CaptainPlan rules = rc::CaptainPlan::load_for_rules(crew.db, "C0CREW");
    CHECK(rules.roster().size() == 3);
    REQUIRE(rules.start().has_value());
    CHECK(rules.start()->started_at == full.start()->started_at);
    CHECK(rules.holidays().size() == 1);
    const auto from = utc(2026, 11, 27, 10);
    const auto next = rc::next_fire_after(rules.shift_rule(), from);
    REQUIRE(next.has_value());
    CHECK(next->at == utc(2026, 12, 1, 9));  // Monday is the holiday
    CHECK(next->at == rc::next_fire_after(full.shift_rule(), from)->at);
    CHECK_THROWS_AS(rules.project(from, 1), std::logic_error);
    CHECK_THROWS_AS(rules.overrides(), std::logic_error);

    rc::ScheduleReads reads(crew.db);
    CHECK(&reads.plan_for_rules("C0CREW") == &reads.plan_for_rules("C0CREW"));
    CHECK(reads.ticket_channels().empty());
}

TEST_CASE("a configured user group follows the captain", "[scheduler]") {
    Crew crew;
    crew.people.usergroups["S0CAPT"] = {"U1"};  // U1, an admin, is in the group
    crew.captain("config usergroup <!subteam^S0CAPT|@captain>");
    crew.clock.set(utc(2026, 11, 30, 9, 1));
    crew.tick();
    REQUIRE(crew.emitted.size() == 1);
    const auto& updates = crew.emitted[0].effects.usergroup_updates;
    REQUIRE(updates.size() == 1);
    CHECK(updates[0].usergroup == "S0CAPT");
    CHECK(updates[0].users == std::vector<std::string>{"U2"});
}

TEST_CASE("a change-over at a time that does not exist, or happens twice, fires once",
          "[scheduler][dst]") {
    CrewFixture crew;
    crew.clock.set(utc(2026, 3, 20, 12));
    crew.captain("add <@U1> <@U2>");
    crew.captain("config tz Europe/Berlin");
    crew.captain("config time 02:30");
    crew.captain("config days all");
    // Spring forward: 02:30 on 29 Mar does not exist; the run fires at 03:00 CEST (01:00 UTC).
    crew.clock.set(utc(2026, 3, 29, 0, 59));
    CHECK(crew.scheduler.next_wake(crew.context) == utc(2026, 3, 29, 1));
    crew.tick();  // catches up 28 Mar
    crew.clock.set(utc(2026, 3, 29, 1));
    auto report = crew.tick();
    REQUIRE(report.fired.size() == 1);
    CHECK(report.fired[0].local_date == "2026-03-29");
    // Fall back: 02:30 on 25 Oct happens at 00:30 and 01:30 UTC; only the first fires.
    crew.clock.set(utc(2026, 10, 25, 0, 30));
    report = crew.tick();
    REQUIRE(report.fired.size() == 1);
    CHECK(report.fired[0].local_date == "2026-10-25");
    crew.clock.set(utc(2026, 10, 25, 1, 30));
    CHECK(crew.tick().fired.empty());
    CHECK(crew.scheduler.next_wake(crew.context) == utc(2026, 10, 26, 1, 30));
}

TEST_CASE("a channel at UTC+13 changes over on its own Monday", "[scheduler]") {
    CrewFixture crew;
    crew.captain("add <@U1> <@U2>");
    crew.captain("config tz Pacific/Tongatapu");
    // Monday 30 Nov 09:00 in Tonga is Sunday 29 Nov 20:00 UTC.
    CHECK(crew.scheduler.next_wake(crew.context) == utc(2026, 11, 29, 20));
    crew.clock.set(utc(2026, 11, 29, 20, 1));
    const auto report = crew.tick();
    REQUIRE(report.fired.size() == 1);
    CHECK(report.fired[0].local_date == "2026-11-30");
}

TEST_CASE("a run that finds another process holding the write lock waits for a later tick, "
          "not counted as a failed attempt", "[scheduler]") {
    ritualbot::test::TempDir dir;
    const std::string path = dir.file("bot.db");
    struct FileCrew : CrewFixture {
        explicit FileCrew(const std::string& file)
            : CrewFixture(ritualbot::storage::Database::open(file)) {
            captain("add <@U1> <@U2> <@U3>");
        }
    } crew(path);
    crew.clock.set(utc(2026, 11, 30, 9, 0) + 30s);
    {
        ritualbot::storage::Database other = ritualbot::storage::Database::open(path);
        ritualbot::storage::Transaction holding(other);  // BEGIN IMMEDIATE: the write lock, held
        const ritualbot::storage::NoLockWait no_wait(crew.db);
        for (int tick = 0; tick < rc::Scheduler::kMaxRunAttempts + 1; ++tick) {
            const auto report = crew.tick();
            CHECK(report.fired.empty());
            CHECK(report.failed.empty());
            REQUIRE(report.busy.size() == 1);
            CHECK(report.busy[0].local_date == "2026-11-30");
        }
        CHECK(crew.emitted.empty());
        // Tried again shortly, not after a failure's backoff.
        CHECK(crew.scheduler.next_wake(crew.context) ==
              std::chrono::floor<std::chrono::seconds>(crew.clock.now()) + rc::Scheduler::kBusyRetry);
    }
    const auto report = crew.tick();
    REQUIRE(report.fired.size() == 1);
    CHECK(report.busy.empty());
    REQUIRE(crew.emitted.size() == 1);
    const auto run = ritualbot::storage::ScheduledRuns(crew.db).find("captain.changeover", "C0CREW",
                                                                     "2026-11-30");
    REQUIRE(run);
    CHECK(run->state == ritualbot::storage::RunState::fired);
}

TEST_CASE("a tick stops at its budget and the next ticks fire the rest, each run once",
          "[scheduler]") {
    Crew crew;
    const std::vector<std::string> others{"C0B", "C0C", "C0D"};
    for (const std::string& channel : others)
        crew.run("/captain", "add <@U4> <@U5>", "U1", channel);
    crew.clock.set(utc(2026, 11, 30, 9, 1));
    const auto spent_after_each_run = [] { return true; };
    const auto emit = [&](const rc::Effects& effects, const std::string& key) {
        crew.emitted.push_back({effects, key});
    };

    std::vector<std::string> fired;
    for (int tick = 1; tick <= 4; ++tick) {
        const auto report = crew.scheduler.tick(crew.context, emit, spent_after_each_run);
        REQUIRE(report.fired.size() == 1);  // at least one run per tick, then the budget
        fired.push_back(report.fired[0].channel);
        CHECK(report.more_due == (tick < 4));
        if (report.more_due) {
            // The rest is due now: the timer ticks again without waiting for the next fire time.
            CHECK(crew.scheduler.next_wake(crew.context) ==
                  std::chrono::floor<std::chrono::seconds>(crew.clock.now()));
        }
    }
    std::sort(fired.begin(), fired.end());
    CHECK(fired == std::vector<std::string>{"C0B", "C0C", "C0CREW", "C0D"});
    CHECK(crew.emitted.size() == 4);

    const auto after = crew.scheduler.tick(crew.context, emit, spent_after_each_run);
    CHECK(after.fired.empty());
    CHECK_FALSE(after.more_due);
    CHECK(crew.scheduler.next_wake(crew.context) == utc(2026, 12, 1, 9));
    CHECK(crew.count("SELECT COUNT(*) FROM scheduled_runs WHERE ritual = 'captain.changeover' "
                     "AND local_date = '2026-11-30' AND state = 'fired'") == 4);
}

TEST_CASE("a queued run that another instance fired meanwhile is not fired again", "[scheduler]") {
    Crew crew;
    crew.run("/captain", "add <@U4> <@U5>", "U1", "C0B");
    crew.clock.set(utc(2026, 11, 30, 9, 1));
    const auto first = crew.scheduler.tick(
        crew.context,
        [&](const rc::Effects& e, const std::string& k) {
            crew.emitted.push_back({e, k});
        },
        [] { return true; });
    REQUIRE(first.fired.size() == 1);
    REQUIRE(first.more_due);
    // A second scheduler on the same database (another instance) fires everything due.
    rc::Scheduler other = rc::make_scheduler();
    CHECK(other.tick(crew.context, [](const rc::Effects&, const std::string&) {}).fired.size() ==
          1);
    const auto rest = crew.tick();
    CHECK(rest.fired.empty());
    CHECK_FALSE(rest.more_due);
    CHECK(crew.emitted.size() == 1);
}
