// `/ritual leave` and `/ritual join` on an in-memory database: a channel that left fires no
// scheduled ritual (recorded skipped) while another channel's go on, its queued posts are
// marked failed with the reason, and joining again resumes the next ritual time.

#include <catch2/catch.hpp>

#include "captain_fixture.hpp"
#include "storage/channel_pauses.hpp"
#include "storage/outbox.hpp"
#include "storage/scheduled_runs.hpp"

namespace rc = ritualbot::commands;
using Catch::Contains;
using Catch::StartsWith;
using ritualbot::test::CrewFixture;
using ritualbot::test::utc;
using namespace std::chrono_literals;

namespace {

// Two crews set up on Friday 27 Nov 2026 10:00 UTC by U1; change-over 09:00 UTC, Mon–Fri.
struct TwoCrews : CrewFixture {
    TwoCrews() {
        run("/captain", "add <@U1> <@U2>");
        run("/captain", "add <@U1> <@U2>", "U1", "C0OTHER");
    }
    std::vector<std::string> fired_channels() {
        std::vector<std::string> channels;
        for (const auto& run : tick().fired) channels.push_back(run.channel);
        return channels;
    }
    std::string run_state(const std::string& channel, const std::string& date) {
        const auto run =
            ritualbot::storage::ScheduledRuns(db).find("captain.changeover", channel, date);
        return run ? ritualbot::storage::to_string(run->state) : "none";
    }
};

}  // namespace

TEST_CASE("a channel that left fires nothing and comes back with /ritual join", "[presence]") {
    TwoCrews crews;
    ritualbot::storage::Outbox outbox(crews.db);
    REQUIRE(outbox.enqueue({"C0CREW", "chat.postMessage", "{}", "queued-before-leave"}, 1));

    const rc::Reply left = crews.run("/ritual", "leave");
    CHECK(left.visibility == rc::Visibility::in_channel);
    CHECK_THAT(left.text,
               Contains("`/ritual join`") && Contains("`ritualbot export --channel C0CREW`"));
    const auto queued = outbox.find_by_key("queued-before-leave");
    CHECK(queued->state == ritualbot::storage::OutboxState::failed);
    CHECK(queued->last_error == "not sent: the channel left with /ritual leave");
    CHECK_THAT(crews.run("/ritual", "config show").text, Contains("has left the rituals"));
    CHECK_THAT(crews.run("/ritual", "leave").text, Contains("has left the rituals already"));

    crews.clock.set(utc(2026, 11, 30, 9) + 30s);
    const auto report = crews.tick();
    REQUIRE(report.fired.size() == 1);
    CHECK(report.fired[0].channel == "C0OTHER");
    REQUIRE(report.paused.size() == 1);
    CHECK(report.paused[0].channel == "C0CREW");
    CHECK(crews.run_state("C0CREW", "2026-11-30") == "skipped");

    CHECK(crews.run("/ritual", "join").visibility == rc::Visibility::in_channel);
    CHECK(crews.fired_channels().empty());  // Monday's is not posted late
    crews.clock.set(utc(2026, 12, 1, 9) + 30s);
    CHECK(crews.fired_channels() == std::vector<std::string>{"C0CREW", "C0OTHER"});
    CHECK(crews.run("/ritual", "join").text == "This channel takes part in the rituals already.");
    CHECK(crews.count("SELECT COUNT(*) FROM audit_log WHERE action IN ('ritual.leave', "
                      "'ritual.join')") == 2);
}

TEST_CASE("leave and join are for admins and take no arguments", "[presence]") {
    TwoCrews crews;
    CHECK_THAT(crews.run("/ritual", "leave", "U2").text,
               StartsWith("Sorry, only admins can") &&
                   Contains("Ask <@U1> or a workspace admin."));
    CHECK_THAT(crews.run("/ritual", "leave now").text, Contains("Usage: `/ritual leave`"));
    CHECK_FALSE(ritualbot::storage::ChannelPauses(crews.db).find("C0CREW"));
    REQUIRE(crews.run("/ritual", "leave").visibility == rc::Visibility::in_channel);
    CHECK_THAT(crews.run("/ritual", "join", "U2").text, Contains("only admins can"));
    CHECK(ritualbot::storage::ChannelPauses(crews.db).find("C0CREW"));
}
