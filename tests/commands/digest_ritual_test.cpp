#include <catch2/catch.hpp>

#include "captain_fixture.hpp"
#include "commands/outliers/digest_ritual.hpp"
#include "ticket_fixtures.hpp"

namespace rc = ritualbot::commands;
using ritualbot::test::CrewFixture;
using ritualbot::test::utc;
using namespace std::chrono_literals;

namespace {

rc::Ticket ticket(const std::string& id, std::chrono::sys_seconds created) {
    rc::Ticket t;
    t.row.id = id;
    t.row.created_at = std::chrono::duration_cast<std::chrono::milliseconds>(created.time_since_epoch()).count();
    t.row.request_type = "billing";
    return t;
}

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
    ritualbot::test::store_tickets(crew.db, "C0CREW",
                                   {ticket("T-1", utc(2026, 11, 27, 11)), ticket("T-2", utc(2026, 11, 27, 12))});

    crew.clock.set(utc(2026, 11, 28, 8, 30) + 30s);  // Saturday: no digest
    crew.tick();
    CHECK(digests(crew).empty());

    crew.clock.set(utc(2026, 11, 30, 9, 0) + 30s);  // Monday, after the 08:30 digest and the change-over
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
