// The weekly review: built from a crew's week (causes, improvements, playbook changes) and
// pinned as expected JSON in tests/render/weekly_review.json; fired on Fridays at 11:00 or the
// channel's review.time, skipped on a holiday, with its trend picture queued as a file share.

#include <catch2/catch.hpp>

#include "commands/outliers/weekly_review.hpp"
#include "commands/render/review_blocks.hpp"
#include "golden.hpp"
#include "playbook_fixture.hpp"
#include "storage/outlier_records.hpp"
#include "storage/suggestions_improvements.hpp"
#include "ticket_fixtures.hpp"

using namespace ritualbot;
using namespace ritualbot::test;
using Catch::Contains;
using namespace std::chrono_literals;

namespace {

commands::Ticket ticket(const std::string& id, std::chrono::sys_seconds created) {
    commands::Ticket t = billing_ticket(id, created);
    t.row.resolved_at = t.row.created_at + 3'600'000;
    return t;
}

std::vector<const Emitted*> reviews(const CrewFixture& crew) {
    std::vector<const Emitted*> found;
    for (const auto& e : crew.emitted) {
        if (e.key.rfind("run:outliers.review:", 0) == 0) found.push_back(&e);
    }
    return found;
}

// The week to Fri 27 Nov 2026: three causes (two wordings of one defect), one improvement
// done, one overdue, one procedure change, one procedure marked for update.
void a_week_of_work(PlaybookFixture& f) {
    store_tickets(f.db, "C0CREW",
                  {ticket("T-1", utc(2026, 11, 24, 10)), ticket("T-2", utc(2026, 11, 25, 10))});
    f.playbook("add refunds");
    storage::OutlierRecords records(f.db);
    for (const char* id : {"o-2026-11-24-1", "o-2026-11-25-1", "o-2026-11-26-1"}) {
        records.insert({"C0CREW", id, "2026-11-25", "rate", "reopen_rate", "request_type",
                        std::string("billing-") + id, "why", 0});
    }
    f.clock.set(utc(2026, 11, 24, 12));
    f.outliers("ack o-2026-11-24-1 procedure refunds owner <@U2> cause Credit note step skipped");
    f.clock.set(utc(2026, 11, 25, 12));
    f.outliers("ack o-2026-11-25-1 owner <@U3> cause credit note step skiped");
    f.outliers("ack o-2026-11-26-1 owner <@U3> cause VPN outage");

    f.clock.set(utc(2026, 11, 10, 12));
    f.suggest("Refund macro #refunds");
    f.suggest("Second pair of eyes on credits");
    storage::Improvements improvements(f.db);
    improvements.add({1, "C0CREW", "U2", "2026-12-01", "reopen_rate", 0, 0, "", ""});
    improvements.add({2, "C0CREW", "U4", "2026-11-20", "", 0, 0, "", ""});
    improvements.mark_done(1, 1, "2026-11-26", "");
    f.clock.set(utc(2026, 11, 26, 9));
    f.playbook("changed refunds Credits over 100 EUR need a second approver");
    f.playbook("add macros");
    f.playbook("mark macros the refund macro still names the old form");
    f.clock.set(utc(2026, 11, 27, 10));
}

}  // namespace

TEST_CASE("the weekly review lists clusters improvements changes and marked procedures",
          "[weekly_review]") {
    PlaybookFixture f;
    a_week_of_work(f);
    const auto review = commands::build_weekly_review(
        f.db, "C0CREW", std::chrono::year{2026} / 11 / 27, utc(), commands::now_ms(f.clock));
    CHECK(review.first_day == "2026-11-21");
    REQUIRE(review.clusters.size() == 2);
    CHECK(review.clusters[0].count == 2);
    REQUIRE(review.done.size() == 1);
    REQUIRE(review.overdue.size() == 1);
    CHECK(review.overdue[0].improvement.suggestion_id == 2);
    REQUIRE(review.changes.size() == 1);
    REQUIRE(review.marked.size() == 1);
    CHECK(review.marked[0].name == "macros");
    CHECK(review.marked[0].note == "the refund macro still names the old form");
    check_rendering("weekly_review", commands::render::weekly_review_blocks(review));

    const auto effects = commands::weekly_review_effects(review);
    REQUIRE(effects.posts.size() == 1);
    CHECK(effects.posts[0].text == "Weekly review, 2026-11-21 to 2026-11-27");
    REQUIRE(effects.chart_shares.size() == 1);
    const auto& share = effects.chart_shares[0];
    CHECK(share.channel == "C0CREW");
    CHECK(share.filename == "trend-2026-11-27.png");
    CHECK_THAT(share.alt_text,
               Contains("resolution: ") && Contains("2026-11-26: refunds changed."));
    CHECK(commands::chart_from_json(share.chart) == review.chart);
}

TEST_CASE("an empty week says so in every section", "[weekly_review]") {
    PlaybookFixture f;
    store_tickets(f.db, "C0CREW", {ticket("T-1", utc(2026, 11, 24, 10))});
    const auto review = commands::build_weekly_review(
        f.db, "C0CREW", std::chrono::year{2026} / 11 / 27, utc(), commands::now_ms(f.clock));
    const std::string blocks = commands::render::weekly_review_blocks(review).dump();
    CHECK_THAT(blocks, Contains("No root causes recorded this week.") &&
                           Contains("None done this week.") && Contains("Nothing overdue.") &&
                           Contains("No procedure changed this week.") &&
                           Contains("No procedure is marked for update"));
}

TEST_CASE("the weekly review fires on Friday at 11:00 or at review.time and not on holidays",
          "[weekly_review]") {
    PlaybookFixture f;  // Friday 27 Nov 2026 10:00 UTC
    store_tickets(f.db, "C0CREW", {ticket("T-1", utc(2026, 11, 24, 10))});
    f.clock.set(utc(2026, 11, 27, 10, 59));
    f.tick();
    CHECK(reviews(f).empty());
    f.clock.set(utc(2026, 11, 27, 11) + 30s);
    f.tick();
    REQUIRE(reviews(f).size() == 1);
    CHECK(reviews(f)[0]->key == "run:outliers.review:C0CREW:2026-11-27");
    CHECK(reviews(f)[0]->effects.chart_shares.size() == 1);
    f.tick();
    CHECK(reviews(f).size() == 1);  // once

    f.captain("holiday add 2026-12-04 Crew day");
    f.clock.set(utc(2026, 12, 4, 11) + 30s);
    f.tick();
    CHECK(reviews(f).size() == 1);  // Friday 4 Dec is a holiday
    f.clock.set(utc(2026, 12, 11, 11) + 30s);
    f.tick();
    REQUIRE(reviews(f).size() == 2);
    CHECK(reviews(f)[1]->key == "run:outliers.review:C0CREW:2026-12-11");
}

TEST_CASE("review.time moves the weekly review", "[weekly_review]") {
    PlaybookFixture f;  // Friday 27 Nov 2026 10:00 UTC
    store_tickets(f.db, "C0CREW", {ticket("T-1", utc(2026, 11, 24, 10))});
    CHECK_THAT(f.run("/ritual", "config set review.time someday 11:00").text,
               Contains("is not a day"));
    CHECK_THAT(f.run("/ritual", "config set review.time mon 09:30").text, Contains("Mon 09:30"));
    CHECK_THAT(f.run("/ritual", "config show").text, Contains("Mon 09:30 UTC"));
    f.clock.set(utc(2026, 11, 27, 11) + 30s);
    f.tick();
    CHECK(reviews(f).empty());  // not on Friday any more
    f.clock.set(utc(2026, 11, 30, 9, 30) + 30s);
    f.tick();
    REQUIRE(reviews(f).size() == 1);
    CHECK(reviews(f)[0]->key == "run:outliers.review:C0CREW:2026-11-30");
    CHECK_THAT(f.run("/ritual", "config set review.time default").text, Contains("Fri 11:00"));
}
