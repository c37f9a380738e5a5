// The quarterly review: calendar quarters and the day a quarter's review fires (the first
// Monday, or the next working day after a holiday), fired once — also when caught up after
// downtime — and never because a setting changed; its comparison of each indicator with the
// quarter before, pinned as expected JSON in tests/render/quarterly_review.json; and
// `/outliers quarter [now]`.

#include <catch2/catch.hpp>

#include <algorithm>

#include "commands/outliers/quarterly_review.hpp"
#include "commands/render/quarter_blocks.hpp"
#include "golden.hpp"
#include "playbook_fixture.hpp"
#include "storage/suggestions_improvements.hpp"
#include "ticket_fixtures.hpp"

using namespace ritualbot;
using namespace ritualbot::test;
using Catch::Contains;
using namespace std::chrono_literals;
using std::chrono::year;

namespace {

commands::Ticket resolved_after(const std::string& id, std::chrono::sys_seconds created,
                                std::chrono::minutes resolution, bool reopened = false) {
    commands::Ticket t = billing_ticket(id, created);
    t.row.resolved_at = t.row.created_at + resolution.count() * 60'000;
    t.row.reopens = reopened ? 1 : 0;
    return t;
}

std::vector<const Emitted*> quarterly(const CrewFixture& crew) {
    std::vector<const Emitted*> found;
    for (const auto& e : crew.emitted) {
        if (e.key.rfind("run:outliers.quarter:", 0) == 0) found.push_back(&e);
    }
    return found;
}

commands::LocalDate local(year y, unsigned m, unsigned d) {
    return commands::LocalDate{
        std::chrono::sys_days{y / std::chrono::month{m} / std::chrono::day{d}}.time_since_epoch()};
}

bool every_day(commands::LocalDate) {
    return true;
}

// Q3 2026: resolution 2h, one ticket in four reopened. Q4 2026: resolution 1h, none reopened;
// a procedure change and an improvement aimed at the reopen rate done in between.
void two_quarters(PlaybookFixture& f) {
    std::vector<commands::Ticket> tickets;
    for (int i = 0; i < 8; ++i) {
        tickets.push_back(
            resolved_after("T-3" + std::to_string(i), utc(2026, 8, 3 + i, 10), 120min, i % 4 == 0));
        tickets.push_back(
            resolved_after("T-4" + std::to_string(i), utc(2026, 11, 2 + i, 10), 60min));
    }
    store_tickets(f.db, "C0CREW", std::move(tickets));
    f.clock.set(utc(2026, 10, 20, 9));
    f.playbook("add refunds");
    f.suggest("Refund macro #refunds");
    storage::Improvements improvements(f.db);
    improvements.add({1, "C0CREW", "U2", "2026-12-01", "reopen_rate", 0, 0, "", ""});
    improvements.mark_done(1, 1, "2026-11-12", "");
    f.clock.set(utc(2026, 11, 3, 9));
    f.playbook("changed refunds Credits over 100 EUR need a second approver");
}

}  // namespace

TEST_CASE("quarters run Jan-Mar, Apr-Jun, Jul-Sep and Oct-Dec", "[quarterly_review]") {
    using commands::Quarter;
    using commands::quarter_of;
    const Quarter q4 = quarter_of(year{2026} / 11 / 27);
    CHECK(q4 == Quarter{2026, 4});
    CHECK(q4.first_day() == year{2026} / 10 / 1);
    CHECK(q4.last_day() == year{2026} / 12 / 31);
    CHECK(q4.label() == "2026 Q4");
    CHECK(q4.months() == "Oct–Dec");
    CHECK(quarter_of(year{2027} / 1 / 1).previous() == q4);
    CHECK(quarter_of(year{2026} / 3 / 31) == Quarter{2026, 1});
    CHECK(quarter_of(year{2026} / 4 / 1) == Quarter{2026, 2});
    CHECK(Quarter{2026, 1}.days() == 90);
    CHECK(Quarter{2024, 1}.days() == 91);  // leap year
    CHECK(Quarter{2026, 3}.days() == 92);
}

TEST_CASE("a quarter's review day is its first Monday, or the next day the crew works",
          "[quarterly_review]") {
    using commands::quarter_fire_date;
    const date::weekday monday{1};
    // 1 Jan 2027 is a Friday, 1 Oct 2026 a Thursday, 1 Apr 2026 a Wednesday.
    CHECK(quarter_fire_date({2027, 1}, monday, every_day) == local(year{2027}, 1, 4));
    CHECK(quarter_fire_date({2026, 4}, monday, every_day) == local(year{2026}, 10, 5));
    CHECK(quarter_fire_date({2026, 2}, monday, every_day) == local(year{2026}, 4, 6));
    // A quarter that starts on a Monday (1 Apr 2024) fires on its first day.
    CHECK(quarter_fire_date({2024, 2}, monday, every_day) == local(year{2024}, 4, 1));
    const auto holiday = local(year{2027}, 1, 4);
    CHECK(quarter_fire_date({2027, 1}, monday, [&](commands::LocalDate d) {
              return d != holiday;
          }) == local(year{2027}, 1, 5));
    CHECK_FALSE(quarter_fire_date({2027, 1}, monday, [](commands::LocalDate) { return false; }));
}

TEST_CASE("the quarterly review compares each indicator with the quarter before",
          "[quarterly_review]") {
    PlaybookFixture f;
    two_quarters(f);
    const auto review = commands::build_quarterly_review(f.db, "C0CREW", {2026, 4}, utc());
    CHECK(review.tickets_previous == 8);
    CHECK(review.tickets_current == 8);
    REQUIRE(review.indicators.size() >= 2);
    const auto& lead = review.indicators[0];
    CHECK(lead.metric == "resolution");  // the crew's metric leads
    CHECK(lead.previous == 7200.0);
    CHECK(lead.current == 3600.0);
    CHECK(commands::quarter_change_text(lead) == "−50%");
    const auto reopen = std::find_if(review.indicators.begin(), review.indicators.end(),
                                     [](const auto& i) { return i.metric == "reopen_rate"; });
    REQUIRE(reopen != review.indicators.end());
    CHECK(reopen->previous == 0.25);
    CHECK(reopen->current == 0.0);
    CHECK(commands::quarter_change_text(*reopen) == "−25.0 pts");
    CHECK(reopen->targeted_by == std::vector<std::string>{"#1 done 2026-11-12"});
    REQUIRE(review.changes.size() == 1);
    REQUIRE(review.done.size() == 1);
    check_rendering("quarterly_review", commands::render::quarterly_review_blocks(review));

    const auto effects = commands::quarterly_review_effects(review);
    REQUIRE(effects.posts.size() == 1);
    CHECK(effects.posts[0].text == "Quarterly review, 2026 Q4 (Oct–Dec) against 2026 Q3");
    CHECK(effects.posts[0].key == "quarter:C0CREW:2026 Q4");
}

TEST_CASE("the crew's metric leads the quarterly review", "[quarterly_review]") {
    PlaybookFixture f;
    two_quarters(f);
    f.run("/ritual", "config metric first_response");  // the tickets have no first response
    const auto review = commands::build_quarterly_review(f.db, "C0CREW", {2026, 4}, utc());
    REQUIRE_FALSE(review.indicators.empty());
    CHECK(review.indicators[0].metric == "first_response");
    CHECK_THAT(commands::render::quarterly_review_blocks(review).dump(),
               Contains("*first response*, the crew's metric: no data in 2026 Q4"));
}

TEST_CASE(
    "the quarterly review fires once on the quarter's first Monday, after a holiday on "
    "the next working day",
    "[quarterly_review]") {
    PlaybookFixture f;  // Friday 27 Nov 2026 10:00 UTC
    two_quarters(f);
    f.clock.set(utc(2026, 11, 27, 10));
    f.tick();  // Q4's review (Mon 5 Oct) is long past: the ritual owes nothing from before
    CHECK(quarterly(f).empty());
    f.captain("holiday add 2027-01-04 Bridge day");
    f.clock.set(utc(2027, 1, 4, 11) + 30s);
    f.tick();
    CHECK(quarterly(f).empty());  // a holiday
    f.clock.set(utc(2027, 1, 5, 10, 59));
    f.tick();
    CHECK(quarterly(f).empty());
    f.clock.set(utc(2027, 1, 5, 11) + 30s);
    f.tick();
    REQUIRE(quarterly(f).size() == 1);
    CHECK(quarterly(f)[0]->key == "run:outliers.quarter:C0CREW:2027-01-05");
    REQUIRE(quarterly(f)[0]->effects.posts.size() == 1);
    CHECK(quarterly(f)[0]->effects.posts[0].text ==
          "Quarterly review, 2026 Q4 (Oct–Dec) against 2026 Q3");
    f.tick();
    f.clock.set(utc(2027, 1, 11, 11) + 30s);  // the next Monday
    f.tick();
    CHECK(quarterly(f).size() == 1);
}

TEST_CASE("a quarterly review missed while the bot was down is posted once when it is back",
          "[quarterly_review]") {
    PlaybookFixture f;
    two_quarters(f);
    f.clock.set(utc(2026, 11, 27, 10));
    f.tick();
    f.clock.set(utc(2027, 1, 7, 15));  // down from 27 Nov to Thursday 7 Jan
    const auto report = f.tick();
    REQUIRE(quarterly(f).size() == 1);
    CHECK(quarterly(f)[0]->key == "run:outliers.quarter:C0CREW:2027-01-04");
    CHECK(std::any_of(report.late.begin(), report.late.end(),
                      [](const auto& run) { return run.ritual == "outliers.quarter"; }));
    f.tick();
    f.clock.set(utc(2027, 1, 8, 15));
    f.tick();
    CHECK(quarterly(f).size() == 1);
}

TEST_CASE("moving the quarterly review to a time already past fires nothing",
          "[quarterly_review]") {
    PlaybookFixture f;
    two_quarters(f);
    f.clock.set(utc(2026, 11, 27, 10));
    f.tick();
    f.clock.set(utc(2027, 1, 4, 9));  // Monday, before the default 11:00
    f.tick();
    CHECK_THAT(f.run("/ritual", "config set review.quarter mon 08:00").text, Contains("Mon 08:00"));
    f.tick();
    f.clock.set(utc(2027, 1, 4, 12));
    f.tick();
    CHECK(quarterly(f).empty());  // 08:00 had passed when it was set: never missed
    CHECK_THAT(f.run("/ritual", "config show").text,
               Contains("`review.quarter` first Mon of the quarter, 08:00 UTC"));

    CHECK_THAT(f.run("/ritual", "config set review.quarter someday 11:00").text,
               Contains("is not a day"));
    CHECK_THAT(f.run("/ritual", "config set review.quarter default").text,
               Contains("the default (first Mon of the quarter"));
    f.clock.set(utc(2027, 4, 5, 11) + 30s);  // Q2's first Monday, the default time again
    f.tick();
    REQUIRE(quarterly(f).size() == 1);
    CHECK(quarterly(f)[0]->key == "run:outliers.quarter:C0CREW:2027-04-05");
}

TEST_CASE("the quarterly review's default time follows the weekly review's", "[quarterly_review]") {
    PlaybookFixture f;
    two_quarters(f);
    f.run("/ritual", "config set review.time fri 15:30");
    CHECK(commands::quarter_time_text(f.db, "C0CREW") ==
          "first Mon of the quarter, 15:30 UTC (the weekly review's time of day)");
}

TEST_CASE("/outliers quarter shows the last quarter privately and posts it with now",
          "[quarterly_review]") {
    PlaybookFixture f;
    two_quarters(f);
    f.clock.set(utc(2027, 2, 10, 9));
    const auto shown = f.outliers("quarter");
    CHECK(shown.visibility == commands::Visibility::ephemeral);
    CHECK(shown.text == "Quarterly review, 2026 Q4 (Oct–Dec) against 2026 Q3");
    CHECK_THAT(shown.blocks.dump(), Contains("−50%") && Contains("`/outliers quarter now`"));
    const auto posted = f.outliers("quarter now");
    CHECK(posted.visibility == commands::Visibility::in_channel);
    CHECK_THAT(posted.blocks.dump(), Contains("−50%"));
    CHECK_THAT(f.outliers("quarter later").text, Contains("Say `now`"));
}
