// A channel leaving the rituals, end to end: `/ritual leave` stops the change-over posts there
// while another channel still gets its own, `/ritual join` brings them back; and a post the
// fake Slack answers `not_in_channel` (the bot was removed) pauses the channel until the bot
// is invited back. Change-overs are driven by the test clock (RITUALBOT_TEST_CLOCK_FILE).

#include "bot_fixture.hpp"

using namespace ritualbot::testing;
using Catch::Contains;

namespace {

// Monday 2026-11-23 08:00 UTC, then each day's change-over (09:00 UTC by default) + 30 s.
constexpr long long kMondayMorning = 1795420800;
constexpr long long kMondayChangeover = 1795424430;
constexpr long long kDay = 86400;

// Change-over posts Slack accepted in `channel`.
std::size_t posts_in(const FakeSlack& slack, const std::string& channel) {
    std::size_t n = 0;
    for (const ApiCall& call : slack.calls("chat.postMessage")) {
        if (call.args.value("channel", "") == channel && call.response.value("ok", false)) ++n;
    }
    return n;
}

// The log line of a change-over the scheduler skipped because the channel left.
std::string paused_run(const std::string& channel, const std::string& date) {
    return "schedule.paused_channel ritual=captain.changeover channel=" + channel +
           " local_date=" + date;
}

struct Scene : BotFixture {
    std::string clock_file = dir + "/clock";

    void start_at_monday_morning() {
        set_clock(clock_file, kMondayMorning);
        start({{"RITUALBOT_TEST_CLOCK_FILE", clock_file}});
        REQUIRE(slack.wait_for_connections(1, 20s));
    }
    void changeover(int day) { set_clock(clock_file, kMondayChangeover + day * kDay); }
};

}  // namespace

TEST_CASE("/ritual leave stops one channel's posts and /ritual join brings them back") {
    Scene scene;
    scene.start_at_monday_morning();
    INFO(scene.log());
    for (const char* channel : {"C0CREW", "C0OTHER"})
        command_in(scene.slack, channel, "/captain", "add <@U0ALICE|alice> <@U0BOB|bob>");
    CHECK_THAT(command_in(scene.slack, "C0CREW", "/ritual", "leave"),
               Contains("`/ritual join`") && Contains("ritualbot export --channel C0CREW"));

    scene.changeover(0);
    REQUIRE(scene.slack.wait_for_calls("chat.postMessage", 1, 10s));
    REQUIRE(scene.bot->wait_for_log(paused_run("C0CREW", "2026-11-23"), 10s));
    CHECK(posts_in(scene.slack, "C0OTHER") == 1);
    CHECK(posts_in(scene.slack, "C0CREW") == 0);

    CHECK_THAT(command_in(scene.slack, "C0CREW", "/ritual", "join"), Contains("back"));
    scene.changeover(1);
    REQUIRE(scene.slack.wait_for_calls("chat.postMessage", 3, 10s));
    CHECK(posts_in(scene.slack, "C0CREW") == 1);
    CHECK(posts_in(scene.slack, "C0OTHER") == 2);
}

TEST_CASE("a post answered not_in_channel pauses the channel until the bot is invited back") {
    Scene scene;
    scene.start_at_monday_morning();
    INFO(scene.log());
    command_in(scene.slack, "C0CREW", "/captain", "add <@U0ALICE|alice> <@U0BOB|bob>");
    scene.slack.remove_bot("C0CREW");

    scene.changeover(0);
    REQUIRE(scene.slack.wait_for_calls("chat.postMessage", 1, 10s));
    CHECK(scene.slack.calls("chat.postMessage")[0].response.value("error", "") == "not_in_channel");
    REQUIRE(scene.bot->wait_for_log("channel.paused channel=C0CREW", 10s));
    CHECK_THAT(command_in(scene.slack, "C0CREW", "/ritual", "config show"),
               Contains("has left the rituals") && Contains("not_in_channel"));

    // Tuesday's change-over is skipped: Slack is not asked to post it.
    scene.changeover(1);
    REQUIRE(scene.bot->wait_for_log(paused_run("C0CREW", "2026-11-24"), 10s));
    CHECK(scene.slack.calls("chat.postMessage").size() == 1);

    REQUIRE(scene.slack.wait_for_ack(scene.slack.invite_bot("C0CREW"), 3s));
    REQUIRE(scene.bot->wait_for_log("channel.resumed channel=C0CREW", 10s));
    scene.changeover(2);
    REQUIRE(scene.slack.wait_for_calls("chat.postMessage", 2, 10s));
    CHECK(posts_in(scene.slack, "C0CREW") == 1);
}
