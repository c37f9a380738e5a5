// Moving a ritual (its time, its days, the crew's zone) is not a reason to fire it: an
// occurrence of the new rule whose time passed before the change, or that lies before the
// ritual's last run, was never missed. Downtime catch-up is covered in scheduler_test.cpp.

#include <catch2/catch.hpp>

#include "captain_fixture.hpp"
#include "storage/outlier_settings.hpp"
#include "storage/scheduled_runs.hpp"
#include "ticket_fixtures.hpp"

using namespace ritualbot;
using ritualbot::test::CrewFixture;
using ritualbot::test::utc;
using namespace std::chrono_literals;

namespace {

std::vector<std::string> runs_of(const CrewFixture& crew, const std::string& ritual) {
    std::vector<std::string> keys;
    for (const auto& e : crew.emitted) {
        if (e.key.rfind("run:" + ritual + ":", 0) == 0) keys.push_back(e.key);
    }
    return keys;
}

// A crew with tickets whose weekly review ran on Friday 27 Nov 2026 at 11:00 UTC.
void review_ran_on_friday(CrewFixture& crew) {
    crew.captain("add <@U1> <@U2>");
    test::store_tickets(crew.db, "C0CREW", {test::billing_ticket("T-1", utc(2026, 11, 24, 10))});
    crew.clock.set(utc(2026, 11, 27, 11) + 30s);
    crew.tick();
    REQUIRE(runs_of(crew, "outliers.review") ==
            std::vector<std::string>{"run:outliers.review:C0CREW:2026-11-27"});
}

}  // namespace

TEST_CASE("a weekly review moved to an earlier slot after it ran does not run again that week",
          "[schedule][moved]") {
    CrewFixture crew;
    review_ran_on_friday(crew);
    crew.clock.set(utc(2026, 11, 28, 12));  // Saturday
    crew.run("/ritual", "config set review.time fri 10:00");
    crew.tick();
    crew.run("/ritual", "config set review.time thu 10:00");
    crew.tick();
    CHECK(runs_of(crew, "outliers.review").size() == 1);

    crew.clock.set(utc(2026, 12, 3, 10) + 30s);  // the next Thursday
    crew.tick();
    CHECK(runs_of(crew, "outliers.review") ==
          std::vector<std::string>{"run:outliers.review:C0CREW:2026-11-27",
                                   "run:outliers.review:C0CREW:2026-12-03"});
}

TEST_CASE("an occurrence before the ritual's last run is not owed however its rule moved",
          "[schedule][moved]") {
    CrewFixture crew;
    review_ran_on_friday(crew);
    crew.clock.set(utc(2026, 11, 28, 12));
    // Not through a command (an older version's data, a hand edit): Thursday 10:00.
    storage::OutlierSettingsStore(crew.db).set_review_time("C0CREW", storage::ReviewTime{4, 600},
                                                           commands::now_ms(crew.clock));
    crew.tick();
    CHECK(runs_of(crew, "outliers.review").size() == 1);
    CHECK(storage::ScheduledRuns(crew.db).find("outliers.review", "C0CREW", "2026-11-26")->state ==
          storage::RunState::skipped);
}

TEST_CASE("a weekly review moved onto a day that has passed waits for that day next week",
          "[schedule][moved]") {
    CrewFixture crew;
    review_ran_on_friday(crew);
    crew.clock.set(utc(2026, 12, 2, 12));  // Wednesday: Tuesday 10:00 passed under Friday's rule
    crew.run("/ritual", "config set review.time tue 10:00");
    crew.tick();
    CHECK(runs_of(crew, "outliers.review").size() == 1);

    crew.clock.set(utc(2026, 12, 8, 10) + 30s);
    const auto report = crew.tick();
    for (const auto& older : report.superseded) CHECK(older.ritual != "outliers.review");
    CHECK(runs_of(crew, "outliers.review").back() == "run:outliers.review:C0CREW:2026-12-08");
}

TEST_CASE("a digest moved earlier after it ran posts no second digest that day",
          "[schedule][moved]") {
    CrewFixture crew;
    crew.captain("add <@U1> <@U2>");
    test::store_tickets(crew.db, "C0CREW", {test::billing_ticket("T-1", utc(2026, 11, 27, 11))});
    crew.clock.set(utc(2026, 11, 30, 9, 15) + 30s);  // Monday's digest
    crew.tick();
    REQUIRE(runs_of(crew, "outliers.digest").size() == 1);

    crew.clock.set(utc(2026, 11, 30, 12));
    crew.run("/outliers", "config time 08:00");
    crew.tick();
    // Later in the day the crew's zone moves to where it is already Tuesday 10:00.
    crew.clock.set(utc(2026, 11, 30, 20));
    crew.run("/ritual", "config set tz Pacific/Kiritimati");
    crew.tick();
    CHECK(runs_of(crew, "outliers.digest").size() == 1);

    crew.clock.set(utc(2026, 12, 1, 18) + 30s);  // Wednesday 08:00 at UTC+14
    crew.tick();
    CHECK(runs_of(crew, "outliers.digest").back() == "run:outliers.digest:C0CREW:2026-12-02");
}

TEST_CASE("a change-over moved onto a passed day by captain.days does not run again",
          "[schedule][moved]") {
    CrewFixture crew;  // weekly shifts from the first working day: Monday 30 Nov 09:00
    crew.captain("add <@U1> <@U2>");
    crew.clock.set(utc(2026, 11, 30, 9) + 30s);
    crew.tick();
    REQUIRE(runs_of(crew, "captain.changeover").size() == 1);

    crew.clock.set(utc(2026, 11, 30, 12));
    crew.run("/ritual", "config set captain.days sun-thu");  // the week now began on Sunday
    crew.tick();
    crew.run("/ritual", "config set captain.time 08:00");
    crew.tick();
    CHECK(runs_of(crew, "captain.changeover").size() == 1);
}

TEST_CASE("a run due before a setting changes still fires", "[schedule][moved]") {
    CrewFixture crew;
    crew.captain("add <@U1> <@U2>");
    test::store_tickets(crew.db, "C0CREW", {test::billing_ticket("T-1", utc(2026, 11, 27, 11))});
    crew.clock.set(utc(2026, 11, 30, 9, 15) + 30s);  // due, the tick has not come yet
    crew.run("/ritual", "config set review.time mon 09:00");
    crew.tick();
    CHECK(runs_of(crew, "outliers.digest").size() == 1);
    CHECK(runs_of(crew, "outliers.review").empty());
}
