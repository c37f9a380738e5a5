#include <catch2/catch.hpp>

#include "captain_fixture.hpp"
#include "commands/outliers/digest_ritual.hpp"
#include "storage/investigations.hpp"
#include "ticket_fixtures.hpp"

namespace rc = ritualbot::commands;
using ritualbot::test::billing_ticket;
using ritualbot::test::CrewFixture;
using ritualbot::test::utc;
using namespace std::chrono_literals;

namespace {

std::vector<const ritualbot::test::Emitted*> digests(const CrewFixture& crew) {
    std::vector<const ritualbot::test::Emitted*> found;
    for (const auto& e : crew.emitted) {
        if (e.key.rfind("run:outliers.digest:", 0) == 0) found.push_back(&e);
    }
    return found;
}

}  // namespace

TEST_CASE("the morning digest goes to the channel and to the captain, on working days only",
          "[digest]") {
    CrewFixture crew;  // set up on Friday 27 Nov 2026 10:00 UTC
    crew.captain("add <@U1> <@U2> <@U3>");
    ritualbot::test::store_tickets(
        crew.db, "C0CREW",
        {billing_ticket("T-1", utc(2026, 11, 27, 11)), billing_ticket("T-2", utc(2026, 11, 27, 12))});

    crew.clock.set(utc(2026, 11, 28, 8, 30) + 30s);  // Saturday: no digest
    crew.tick();
    CHECK(digests(crew).empty());

    crew.clock.set(utc(2026, 11, 30, 9, 15) + 30s);  // Monday, after the change-over and the digest
    crew.tick();
    const auto sent = digests(crew);
    REQUIRE(sent.size() == 1);
    CHECK(sent[0]->key == "run:outliers.digest:C0CREW:2026-11-30");
    const auto& posts = sent[0]->effects.posts;
    REQUIRE(posts.size() == 2);
    CHECK(posts[0].channel == "C0CREW");
    CHECK(posts[0].text == "Outlier digest for 2026-11-29");
    CHECK(posts[0].blocks.is_array());
    CHECK(posts[1].channel.rfind("U", 0) == 0);  // the captain, by direct message
    CHECK(posts[1].blocks == posts[0].blocks);

    crew.tick();  // exactly once
    CHECK(digests(crew).size() == 1);
}

// The rotation was set up days before: at the digest time the shift has changed hands, and the
// captain who has just come on duty gets the digest, not the one whose shift ended.
TEST_CASE("the digest reaches the incoming captain, 15 minutes after the change-over",
          "[digest]") {
    CrewFixture crew;  // Friday 27 Nov 2026
    crew.captain("add <@U1> <@U2> <@U3>");
    ritualbot::test::store_tickets(crew.db, "C0CREW", {billing_ticket("T-1", utc(2026, 11, 27, 11))});
    for (const unsigned day : {30u, 1u, 2u}) {
        const unsigned month = day == 30 ? 11 : 12;
        crew.clock.set(utc(2026, month, day, 9, 14));  // after the change-over, before the digest
        crew.tick();
        const std::size_t before = digests(crew).size();
        const std::string on_duty = crew.captain("who").text;
        crew.clock.set(utc(2026, month, day, 9, 15) + 30s);
        crew.tick();
        const auto sent = digests(crew);
        REQUIRE(sent.size() == before + 1);
        const auto& posts = sent.back()->effects.posts;
        REQUIRE(posts.size() == 2);
        INFO(on_duty);
        CHECK_THAT(on_duty, Catch::Contains("<@" + posts[1].channel + ">"));
    }
    const auto sent = digests(crew);
    CHECK(sent[0]->effects.posts[1].channel != sent[1]->effects.posts[1].channel);
}

// The scheduler reads each channel's plan once per tick, before the change-over settles the
// ledger; the digest of the same minute still reaches the captain who has just come on duty.
TEST_CASE("a digest at the change-over's minute reaches the incoming captain in the same tick",
          "[digest]") {
    CrewFixture crew;  // Friday 27 Nov 2026
    crew.captain("add <@U1> <@U2> <@U3>");
    ritualbot::test::store_tickets(crew.db, "C0CREW",
                                   {billing_ticket("T-1", utc(2026, 11, 27, 11))});
    REQUIRE(crew.run("/outliers", "config time 09:00").text == "<@U1> set `digest.time` to 09:00.");
    crew.clock.set(utc(2026, 11, 30, 9, 0) + 30s);
    const auto report = crew.tick();
    CHECK(report.fired.size() == 2);
    const auto sent = digests(crew);
    REQUIRE(sent.size() == 1);
    const std::string on_duty = crew.captain("who").text;
    INFO(on_duty);
    REQUIRE(sent[0]->effects.posts.size() == 2);
    CHECK_THAT(on_duty, Catch::Contains("<@" + sent[0]->effects.posts[1].channel + ">"));
}

TEST_CASE("/outliers config time moves the digest - admins only - default goes back",
          "[digest]") {
    CrewFixture crew;  // Friday 27 Nov 2026; U1 is an admin (RITUALBOT_ADMINS)
    crew.captain("add <@U1> <@U2>");
    ritualbot::test::store_tickets(crew.db, "C0CREW", {billing_ticket("T-1", utc(2026, 11, 27, 11))});
    CHECK_THAT(crew.run("/outliers", "config").text,
               Catch::Contains("09:15 UTC (15 minutes after the captain change-over at 09:00)"));
    CHECK_THAT(crew.run("/outliers", "config time 7:45", "U2").text,
               Catch::Contains("only admins can"));
    CHECK_THAT(crew.run("/outliers", "config time 25:00").text,
               Catch::Contains("Usage: `/outliers config"));
    CHECK(crew.run("/outliers", "config time 07:45").text == "<@U1> set `digest.time` to 07:45.");
    CHECK_THAT(crew.run("/outliers", "config").text, Catch::Contains("07:45 UTC _(set by <@U1>"));
    crew.clock.set(utc(2026, 11, 30, 7, 45) + 30s);
    crew.tick();
    REQUIRE(digests(crew).size() == 1);
    CHECK(digests(crew)[0]->key == "run:outliers.digest:C0CREW:2026-11-30");
    CHECK_THAT(crew.run("/outliers", "config time default").text,
               Catch::Contains("to the default (15 minutes after"));
    CHECK_THAT(crew.run("/outliers", "config").text, Catch::Contains("09:15 UTC (15 minutes after"));
}

TEST_CASE("the change-over checklist names the open investigations", "[digest][captain]") {
    CrewFixture crew;  // Friday 27 Nov 2026
    crew.captain("add <@U1> <@U2>");
    ritualbot::storage::Investigations(crew.db).assign(
        {"C0CREW", "o-2026-11-20-1", "reopen_rate", "request_type", "billing", "U2", "", "U1",
         std::chrono::duration_cast<std::chrono::milliseconds>(utc(2026, 11, 20, 9).time_since_epoch())
             .count(),
         std::nullopt, ""});
    crew.clock.set(utc(2026, 11, 30, 9, 0) + 30s);
    crew.tick();
    std::string changeover;
    for (const auto& e : crew.emitted) {
        if (e.key.rfind("run:captain.changeover:", 0) == 0) changeover = e.effects.posts.at(0).text;
    }
    CHECK_THAT(changeover,
               Catch::Contains("• Follow up `o-2026-11-20-1` (reopen rate · billing), owner <@U2>, "
                               "open 10 days, no cause yet — *overdue*"));
}
