// The captain ritual end to end: /captain commands through Socket Mode, then change-overs
// driven by the test clock (RITUALBOT_TEST_CLOCK_FILE), announced with chat.postMessage.

#include "bot_fixture.hpp"

#include <fstream>
#include <iostream>
#include <iostream>

using namespace ritualbot::testing;

namespace {

// Monday 2026-11-23 08:00 UTC, and the two change-overs after it (09:00 UTC by default).
constexpr long long kMondayMorning = 1795420800;
constexpr long long kMondayChangeover = 1795424430;
constexpr long long kTuesdayChangeover = 1795510830;

std::string command_reply(FakeSlack& slack, const std::string& text, const std::string& user) {
    const auto ack = slack.wait_for_ack(slack.push_slash_command("/captain", text, "C0CREW", user), 3s);
    REQUIRE(ack);
    return ack->payload.value("text", "");
}

// What the bot posted to the channel by itself (not the in-channel answers to commands).
std::vector<std::string> channel_posts(const FakeSlack& slack) {
    std::vector<std::string> texts;
    for (const ApiCall& call : slack.calls("chat.postMessage")) {
        if (call.http_status == 200 && call.args.value("channel", "") == "C0CREW")
            texts.push_back(call.args.value("text", ""));
    }
    return texts;
}

}  // namespace

TEST_CASE("a crew sets up /captain and the bot announces each change-over") {
    BotFixture scene;
    const std::string clock_file = scene.dir + "/clock";
    set_clock(clock_file, kMondayMorning);
    scene.start({{"RITUALBOT_TEST_CLOCK_FILE", clock_file}});
    INFO(scene.log());
    REQUIRE(scene.slack.wait_for_connections(1, 20s));

    const std::string added =
        command_reply(scene.slack, "add <@U0ALICE|alice> <@U0BOB|bob> <@U0CAROL|carol>", "U0ALICE");
    CHECK_THAT(added, Catch::Contains("<@U0BOB>"));
    CHECK_THAT(command_reply(scene.slack, "roster", "U0BOB"),
               Catch::Contains("<@U0ALICE>") && Catch::Contains("<@U0CAROL>"));
    // Only an admin (Alice, from RITUALBOT_ADMINS) may change the roster.
    CHECK_THAT(command_reply(scene.slack, "remove <@U0ALICE>", "U0BOB"), Catch::Contains("admin"));
    CHECK_THAT(command_reply(scene.slack, "frobnicate", "U0BOB"), Catch::Contains("/captain"));
    const std::string schedule = command_reply(scene.slack, "schedule 3", "U0CAROL");
    CHECK_THAT(schedule, Catch::Contains("2026-11-23") || Catch::Contains("Mon"));

    set_clock(clock_file, kMondayChangeover);
    const bool posted = scene.slack.wait_for_calls("chat.postMessage", 1, 10s);
    if (!posted) std::cout << scene.log() << std::endl;
    REQUIRE(posted);
    auto posts = channel_posts(scene.slack);
    REQUIRE(posts.size() == 1);
    CHECK_THAT(posts[0], Catch::Contains("Captain change-over") && Catch::Contains("is captain") &&
                             Catch::Contains("Checklist") && Catch::Contains("Next:"));

    // The captain leaves a note; Tuesday's announcement carries it.
    const std::string who = command_reply(scene.slack, "who", "U0BOB");
    std::string captain;
    for (const char* user : {"U0ALICE", "U0BOB", "U0CAROL"}) {
        if (who.find(std::string("<@") + user + "> is captain") != std::string::npos) captain = user;
    }
    REQUIRE_FALSE(captain.empty());
    CHECK_THAT(command_reply(scene.slack, "handoff Billing queue is backed up", captain),
               Catch::Contains("handoff") || Catch::Contains("Handoff") || Catch::Contains("note"));

    set_clock(clock_file, kTuesdayChangeover);
    REQUIRE(scene.slack.wait_for_calls("chat.postMessage", 2, 10s));
    posts = channel_posts(scene.slack);
    REQUIRE(posts.size() == 2);
    CHECK_THAT(posts[1], Catch::Contains("Billing queue is backed up"));
    CHECK(posts[1].find("<@" + captain + "> is captain") == std::string::npos);  // rotated

    // A restart at the same moment does not announce Tuesday twice.
    scene.bot->terminate();
    scene.start({{"RITUALBOT_TEST_CLOCK_FILE", clock_file}});
    REQUIRE(scene.slack.wait_for_connections(2, 20s));
    REQUIRE(scene.slack.wait_for_ack(scene.slack.push_slash_command("/captain", "who"), 3s));
    CHECK(channel_posts(scene.slack).size() == 2);

    // The crew can take its data along.
    BotProcess exporter(RITUALBOT_BINARY, {"export", "--channel", "C0CREW"},
                        {{"RITUALBOT_DB", scene.dir + "/ritualbot.db"}}, scene.dir + "/export.log");
    int exit_code = -1;
    REQUIRE(exporter.wait_for_exit(20s, &exit_code));
    CHECK(exit_code == 0);
    const auto exported = nlohmann::json::parse(exporter.log());
    CHECK(exported["captain"]["roster"].size() == 3);
    CHECK(exported["captain"]["shifts"].size() >= 2);
    CHECK(exported["audit_log"].size() >= 5);
}
