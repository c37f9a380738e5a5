// The scheduled runs (Friday call, ballot open, Monday close) in the channel's zone, exactly
// once each; and following the winners: assign, target, done, status, the streak.

#include <catch2/catch.hpp>

#include "commands/suggestions/suggestion_handlers.hpp"
#include "suggestions_fixture.hpp"
#include "support/test_database.hpp"

using namespace ritualbot;
using namespace ritualbot::test;
using Catch::Contains;
using Catch::StartsWith;

namespace {

std::vector<std::string> fired(const commands::TickReport& report) {
    std::vector<std::string> names;
    for (const auto& run : report.fired) names.push_back(run.ritual + " " + run.local_date);
    return names;
}

}  // namespace

TEST_CASE("Friday call, ballot and Monday close fire once each, in the channel's zone",
          "[suggest][schedule]") {
    SuggestFixture f;
    f.clock.set(utc(2026, 11, 26, 12));  // Thursday
    f.run("/captain", "config tz Europe/Berlin", "U1");
    f.suggest("Triage billing first", "U1");
    f.suggest("Macro for refunds anon", "U2");
    CHECK(f.tick().fired.empty());
    CHECK(f.scheduler.next_wake(f.context) == utc(2026, 11, 27, 9));  // 10:00 Berlin

    f.clock.set(utc(2026, 11, 27, 9));
    CHECK(fired(f.tick()) == std::vector<std::string>{"suggest.call 2026-11-27"});
    CHECK(f.tick().fired.empty());  // exactly once
    const std::string call = f.emitted.back().effects.posts.at(0).text;
    CHECK_THAT(call, Contains("Friday suggestions") && Contains("In so far (2)") &&
                         Contains("Triage billing first") && Contains("Streak: 0 weeks"));

    f.clock.set(utc(2026, 11, 27, 14, 1));  // 15:01 Berlin
    CHECK(fired(f.tick()) == std::vector<std::string>{"suggest.open 2026-11-27"});
    const auto& ballot = f.emitted.back().effects.posts.at(0);
    const auto round = f.round_id();
    CHECK(ballot.key == "suggest-ballot:C0CREW:" + std::to_string(round));
    f.click("U3", round, 2);
    f.click("U4", round, 2);
    f.click("U4", round, 1);

    f.clock.set(utc(2026, 11, 30, 9));  // Monday 10:00 Berlin
    CHECK(fired(f.tick()) == std::vector<std::string>{"suggest.close 2026-11-30"});
    const auto& close = f.emitted.back().effects;
    CHECK_THAT(close.posts.at(0).text, Contains("*Winner*") && Contains("*#2* Macro for refunds"));
    CHECK(close.updates.at(0).post_key == ballot.key);
    CHECK(f.count("SELECT COUNT(*) FROM improvements WHERE due_date = '2026-12-07'") == 1);
    CHECK(f.count("SELECT COUNT(*) FROM audit_log WHERE actor = 'ritualbot'") == 3);
}

TEST_CASE("no run fires for times before the channel enrolled - an empty round gets no ballot",
          "[suggest][schedule]") {
    SuggestFixture f;
    f.clock.set(utc(2026, 11, 27, 12));  // Friday, after the 10:00 call
    f.suggest("config", "U1");           // looking enrolls nothing
    CHECK(f.count("SELECT COUNT(*) FROM suggestion_settings") == 0);
    f.suggest("config votes 2", "U1");  // enrolls
    CHECK(f.tick().fired.empty());      // 10:00 was before enrolling

    f.clock.set(utc(2026, 11, 27, 15));
    CHECK(fired(f.tick()) == std::vector<std::string>{"suggest.open 2026-11-27"});
    CHECK_THAT(f.emitted.back().effects.posts.at(0).text, Contains("no vote today"));
    f.clock.set(utc(2026, 11, 30, 10));
    CHECK(fired(f.tick()) == std::vector<std::string>{"suggest.close 2026-11-30"});
    CHECK(f.emitted.back().effects.posts.empty());  // nothing was open
}

TEST_CASE("a manual open before the scheduled one is not opened twice", "[suggest][schedule]") {
    SuggestFixture f;
    f.suggest("Idea", "U1");
    f.clock.set(utc(2026, 11, 27, 14));
    f.tick();  // the 10:00 call (a bot running all day has long sent it)
    f.suggest("open", "U1");
    f.clock.set(utc(2026, 11, 27, 15));
    const auto report = f.tick();
    CHECK(fired(report) == std::vector<std::string>{"suggest.open 2026-11-27"});
    CHECK(f.emitted.back().effects.posts.empty());
    CHECK(f.count("SELECT COUNT(*) FROM suggestion_rounds") == 1);
}

TEST_CASE("winners are followed to done: assign, target, done, status and the streak",
          "[suggest][improvements]") {
    SuggestFixture f;
    f.suggest("Weekly runbook review #runbooks", "U1");
    f.suggest("open", "U1");
    f.click("U2", f.round_id(), 1);
    f.suggest("close", "U1");

    // The winner's author owns it and hands it over; others may not.
    CHECK_THAT(f.suggest("assign 1 <@U2>", "U2").text,
               Contains("only <@U1> (its owner) or an admin can assign #1"));
    CHECK_THAT(f.suggest("assign 1 <@U3|cy>", "U1").text, Contains("now owned by <@U3>"));
    CHECK_THAT(f.suggest("assign 9 <@U3>", "U2").text, Contains("not an improvement"));
    CHECK_THAT(f.suggest("target 1 reopen_rate", "U3").text, Contains("targets `reopen_rate`"));

    f.clock.advance(std::chrono::days{10});  // Monday 7 Dec: overdue
    auto status = f.suggest("status", "U1").text;
    CHECK_THAT(status, Contains("owner <@U3>") && Contains("open 10 days") &&
                           Contains("(*overdue*)") && Contains("`reopen_rate`") &&
                           Contains("`#runbooks` (1)"));

    CHECK_THAT(f.suggest("done 1", "U2").text,
               StartsWith("Sorry, only <@U3> (its owner) or an admin can mark as done #1."));
    const auto done = f.suggest("done 1 Reviewed &amp; pruned", "U3");
    CHECK(done.visibility == commands::Visibility::in_channel);
    CHECK_THAT(done.text, Contains("Done: *#1*") && Contains(">Reviewed &amp; pruned") &&
                              Contains("Streak: 1 week"));
    CHECK_THAT(f.suggest("done 1", "U3").text, Contains("was done already"));
    status = f.suggest("status", "U1").text;
    CHECK_THAT(status, Contains("*Open improvements*\nNone.") && Contains("done 2026-12-07"));

    // The streak: weeks in a row with something done; this week counts once done.
    f.db.exec("UPDATE improvements SET done_date = '2026-11-30'");
    CHECK(commands::suggestions::done_streak(f.db, "C0CREW",
                                             *commands::parse_iso_date("2026-12-09")) == 1);
    CHECK(commands::suggestions::done_streak(f.db, "C0CREW",
                                             *commands::parse_iso_date("2026-12-16")) == 0);
    CHECK(f.count("SELECT COUNT(*) FROM audit_log WHERE action IN ('suggest.assign', "
                  "'suggest.target', 'suggest.done')") == 3);
}
