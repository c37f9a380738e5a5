// Issue 13: three ordinary situations that used to stop the bot or drop a ritual. A restart
// across a ritual's time (missed runs run late, once), a ballot edit superseded while Slack is
// slow (the Friday crash), and a badly encoded byte in an import (every channel's digest).

#include "bot_fixture.hpp"
#include "http_get.hpp"
#include "slack_payloads.hpp"

#include <cstdio>
#include <fstream>
#include <iostream>
#include <thread>

using namespace ritualbot::testing;
using Catch::Contains;

namespace {

// UTC channel; Friday 27 Nov 2026 09:30 (set-up), 15:00:30 (ballot open), Monday 30 Nov 08:00
// (the bot stops) and 13:30 (it starts again), past the 09:00 change-over and 10:00 close.
constexpr long long kFridaySetup = 1795771800;
constexpr long long kFridayBallot = 1795791630;
constexpr long long kMondayDown = 1796025600;
constexpr long long kMondayBack = 1796045400;

std::string command(FakeSlack& slack, const std::string& name, const std::string& text,
                    const std::string& user = "U0ALICE") {
    const auto ack = slack.wait_for_ack(slack.push_slash_command(name, text, "C0CREW", user), 3s);
    REQUIRE(ack);
    return ack->payload.value("text", "");
}

// The bot's own posts to the channel whose text contains `needle`.
std::size_t posts_with(const FakeSlack& slack, const std::string& needle) {
    std::size_t n = 0;
    for (const ApiCall& call : slack.calls("chat.postMessage")) {
        if (call.http_status == 200 && call.args.value("channel", "") == "C0CREW" &&
            call.args.value("text", "").find(needle) != std::string::npos)
            ++n;
    }
    return n;
}

}  // namespace

TEST_CASE("a bot down across Monday's change-over and vote close runs both late, once") {
    BotFixture scene;
    FakeSlack& slack = scene.slack;
    const std::string clock_file = scene.dir + "/clock";
    const std::map<std::string, std::string> env = {{"RITUALBOT_TEST_CLOCK_FILE", clock_file}};
    set_clock(clock_file, kFridaySetup);
    scene.start(env);
    INFO(scene.log());
    REQUIRE(slack.wait_for_connections(1, 20s));

    command(slack, "/captain", "add <@U0ALICE|alice> <@U0BOB|bob> <@U0CAROL|carol>");
    CHECK_THAT(command(slack, "/suggest", "Checklist for refunds"), Contains("Added *#1*"));
    CHECK_THAT(command(slack, "/suggest", "Pair on escalations", "U0BOB"), Contains("Added *#2*"));
    CHECK_THAT(scene.log(), !Contains("schedule.superseded") && !Contains("schedule.ran_late"));

    set_clock(clock_file, kFridayBallot);
    REQUIRE(slack.wait_for_calls("chat.postMessage", 2, 15s));  // the 10:00 call, late; the ballot
    std::string vote_value;
    for (const auto& message : slack.messages("C0CREW")) {
        for (const auto& block : message.value("blocks", nlohmann::json::array())) {
            if (block.contains("accessory") &&
                block["accessory"].value("value", "").ends_with(":1"))
                vote_value = block["accessory"].value("value", "");
        }
    }
    REQUIRE_FALSE(vote_value.empty());
    REQUIRE(slack.wait_for_ack(slack.push_envelope(button_click("C0CREW", "U0DAN", "suggest_vote",
                                                                vote_value, "1795791700.000100")),
                               5s));

    // Monday 08:00 the bot stops; it is back at 13:30.
    set_clock(clock_file, kMondayDown);
    REQUIRE(slack.wait_for_ack(slack.push_slash_command("/captain", "who"), 3s));
    scene.bot->terminate();
    CHECK(posts_with(slack, "Captain change-over") == 0);
    CHECK(posts_with(slack, "1 person voted.") == 0);

    set_clock(clock_file, kMondayBack);
    scene.start(env);
    REQUIRE(slack.wait_for_connections(2, 20s));
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (std::chrono::steady_clock::now() < deadline &&
           (posts_with(slack, "Captain change-over") == 0 ||
            posts_with(slack, "1 person voted.") == 0))
        std::this_thread::sleep_for(50ms);
    const std::string first_restart = scene.log();
    INFO(first_restart);
    CHECK(posts_with(slack, "Captain change-over") == 1);
    CHECK(posts_with(slack, "1 person voted.") == 1);  // the round closed, its winner announced
    CHECK_THAT(first_restart, Contains("schedule.ran_late") && Contains("suggest.close") &&
                                  Contains("captain.changeover"));
    CHECK_THAT(first_restart, !Contains("schedule.skipped"));

    // Another restart at the same moment owes nothing.
    const std::size_t posts_before = slack.calls("chat.postMessage").size();
    scene.bot->terminate();
    scene.start(env);
    REQUIRE(slack.wait_for_connections(3, 20s));
    REQUIRE(slack.wait_for_ack(slack.push_slash_command("/captain", "who"), 3s));
    CHECK(slack.calls("chat.postMessage").size() == posts_before);
    CHECK_THAT(scene.log(), !Contains("schedule.ran_late"));
}

namespace {

// Friday 27 Nov 2026, 15:10:30 and 15:11:30: change-overs in two other channels.
constexpr long long kOtherChangeover = 1795792230;
constexpr long long kThirdChangeover = 1795792290;

std::string ballot_text(const FakeSlack& slack) {
    for (const auto& message : slack.messages("C0CREW")) {
        const std::string text = message.dump();
        if (text.find("suggest_vote") != std::string::npos ||
            text.find("voted so far") != std::string::npos)
            return text;
    }
    return {};
}

}  // namespace

TEST_CASE("a newer ballot edit superseding a listed one during slow Slack calls keeps the bot up") {
    BotFixture scene;
    FakeSlack& slack = scene.slack;
    const std::string clock_file = scene.dir + "/clock";
    set_clock(clock_file, kFridaySetup);
    scene.start({{"RITUALBOT_TEST_CLOCK_FILE", clock_file}});
    INFO(scene.log());
    REQUIRE(slack.wait_for_connections(1, 20s));

    command(slack, "/suggest", "Checklist for refunds");
    command(slack, "/suggest", "Pair on escalations", "U0BOB");
    for (const auto& [channel, time] :
         {std::pair{"C0OTHER", "15:10"}, std::pair{"C0THIRD", "15:11"}}) {
        command_in(slack, channel, "/captain", "add <@U0ALICE|alice> <@U0BOB|bob>");
        CHECK_THAT(command_in(slack, channel, "/captain", std::string("config time ") + time),
                   Contains(time));
    }
    set_clock(clock_file, kFridayBallot);
    REQUIRE(slack.wait_for_calls("chat.postMessage", 2, 15s));  // the call and the ballot
    REQUIRE(eventually([&] { return !ballot_text(slack).empty(); }, 5s));
    std::string one;
    for (const auto& message : slack.messages("C0CREW")) {
        for (const auto& block : message.value("blocks", nlohmann::json::array())) {
            if (block.contains("accessory") &&
                block["accessory"].value("value", "").ends_with(":1"))
                one = block["accessory"].value("value", "");
        }
    }
    REQUIRE_FALSE(one.empty());

    // Slack slows down: each of the next two posts is answered after 2.5 s.
    const std::size_t posts = slack.calls("chat.postMessage").size();
    slack.delay_next("chat.postMessage", 2500ms, 2);
    set_clock(clock_file, kOtherChangeover);
    REQUIRE(slack.wait_for_calls("chat.postMessage", posts + 1, 10s));  // first slow post
    // While it is in flight: the second channel's post, then Bob's withdrawal (a ballot edit)
    // queue up behind it, so the sender's next pass lists both.
    set_clock(clock_file, kThirdChangeover);
    REQUIRE(
        scene.bot->wait_for_log("schedule.fired ritual=captain.changeover channel=C0THIRD", 2s));
    CHECK_THAT(command(slack, "/suggest", "withdraw 2", "U0BOB"), Contains("Withdrew #2"));
    REQUIRE(slack.wait_for_calls("chat.postMessage", posts + 2, 10s));  // second slow post
    // While that one is in flight, a vote queues a newer edit: the listed one is superseded.
    REQUIRE(slack.wait_for_ack(slack.push_envelope(button_click("C0CREW", "U0DAN", "suggest_vote",
                                                                one, "1795792300.000100")),
                               3s));

    // The bot keeps serving, and the ballot ends with the right count.
    const bool counted = eventually(
        [&] { return ballot_text(slack).find("1 person voted so far") != std::string::npos; }, 20s);
    if (!counted) std::cout << scene.log() << std::endl;
    CHECK(counted);
    CHECK(scene.bot->running());
    CHECK_THAT(command(slack, "/suggest", "list"), Contains("#1"));
    CHECK_THAT(scene.log(), !Contains("cannot mark sending"));
}

namespace {

constexpr long long kDigestMorning = 1793347200;  // Friday 2026-10-30 08:00 UTC
constexpr long long kFridayDigest = 1793351730;   // 09:15:30, just after the digest time
                                                  // (15 min after the 09:00 change-over)

// Imports `csv` into `channel` with `ritualbot import`; returns its output, stores its exit code.
std::string import_csv(const BotFixture& scene, const std::string& channel, const std::string& csv,
                       int* exit_code) {
    const std::string file = scene.dir + "/" + channel + ".csv";
    std::ofstream(file, std::ios::binary) << csv;
    BotProcess import(RITUALBOT_BINARY, {"import", "--channel", channel, "--file", file},
                      {{"RITUALBOT_DB", scene.dir + "/ritualbot.db"}}, scene.dir + "/import.log");
    REQUIRE(import.wait_for_exit(60s, exit_code));
    return import.log();
}

std::size_t digests_in(const FakeSlack& slack, const std::string& channel) {
    std::size_t n = 0;
    for (const ApiCall& call : slack.calls("chat.postMessage")) {
        if (call.http_status == 200 && call.args.value("channel", "") == channel &&
            call.args.value("text", "").starts_with("Outlier digest for"))
            ++n;
    }
    return n;
}

}  // namespace

TEST_CASE("a Latin-1 byte in one imported row rejects that row and every channel's digest posts") {
    BotFixture scene;
    int exit_code = -1;
    const std::string crew = import_csv(scene, "C0CREW",
                                        "id,created_at,request_type\n"
                                        "T-1,2026-10-29T09:00:00Z,billing\n"
                                        "T-2,2026-10-29T10:00:00Z,Caf\xC3\xA9\n"
                                        "T-3,2026-10-29T11:00:00Z,Facturaci\xF3n\n"
                                        "T-4,2026-10-29T12:00:00Z,refunds\n",
                                        &exit_code);
    INFO(crew);
    CHECK(exit_code == 1);
    CHECK_THAT(crew,
               Contains("line 4: column 3 (request_type): byte 0xF3 at character 10 is not UTF-8"));
    CHECK_THAT(crew, Contains("3 accepted, 1 rejected"));
    const std::string other = import_csv(scene, "C0OTHER",
                                         "id,created_at,request_type\n"
                                         "T-1,2026-10-29T09:00:00Z,billing\n"
                                         "T-2,2026-10-29T10:00:00Z,refunds\n",
                                         &exit_code);
    INFO(other);
    CHECK(exit_code == 0);

    const std::string clock_file = scene.dir + "/clock";
    set_clock(clock_file, kDigestMorning);
    scene.start({{"RITUALBOT_TEST_CLOCK_FILE", clock_file}});
    INFO(scene.log());
    REQUIRE(scene.slack.wait_for_connections(1, 20s));
    set_clock(clock_file, kFridayDigest);
    CHECK(eventually(
        [&] {
            return digests_in(scene.slack, "C0CREW") == 1 &&
                   digests_in(scene.slack, "C0OTHER") == 1;
        },
        15s));
    CHECK_THAT(scene.log(), !Contains("run_failed") && !Contains("tick_failed"));
}

TEST_CASE("a task that fails on every run is restarted with backoff and shows in /readyz") {
    BotFixture scene;
    scene.start({{"RITUALBOT_TEST_FAILING_TASK", "flaky"}});
    INFO(scene.log());
    REQUIRE(scene.slack.wait_for_connections(1, 20s));
    REQUIRE(scene.bot->wait_for_log("http.listening", 5s));
    const int port = listening_port(scene.log());
    REQUIRE(port > 0);
    // Restarted after 0.5–1 s, then 1–2 s: two failures within a few seconds, not hundreds.
    REQUIRE(eventually(
        [&] {
            return http_request(port, "GET", "/readyz").body.find("task flaky: 2 restarts") !=
                   std::string::npos;
        },
        10s));
    const HttpAnswer ready = http_request(port, "GET", "/readyz");
    CHECK(ready.status ==
          200);  // connected, database fine: a failing task does not make it unready
    CHECK_THAT(ready.body, Contains("ready\n") && Contains("task outbox_sender: 0 restarts") &&
                               Contains("last error: test task flaky fails on every run"));
    CHECK_THAT(http_request(port, "GET", "/metrics").body,
               Contains("ritualbot_task_restarts_total{task=\"flaky\"}"));
    std::size_t failures = 0;
    for (std::size_t at = 0;
         (at = scene.log().find("task.failed task=flaky", at)) != std::string::npos; ++at)
        ++failures;
    CHECK(failures >= 2);
    CHECK(failures <= 4);  // backoff, not a tight loop
    REQUIRE(scene.slack.wait_for_ack(scene.slack.push_slash_command("/ritual", "help"), 3s));
    CHECK(scene.bot->running());
}

TEST_CASE("the socket client failing unexpectedly is restarted by the supervisor and serves again") {
    BotFixture scene;
    scene.start({{"RITUALBOT_TEST_FAILING_TASK", "socket_client"}});
    INFO(scene.log());
    REQUIRE(scene.bot->wait_for_log("http.listening", 5s));
    const int port = listening_port(scene.log());
    REQUIRE(port > 0);
    // Its first run throws: logged as a task failure, restarted after the backoff, connected.
    REQUIRE(scene.bot->wait_for_log("task.failed task=socket_client", 10s));
    REQUIRE(scene.slack.wait_for_connections(1, 20s));
    CHECK(command(scene.slack, "/ritual", "help").find("/captain") != std::string::npos);
    const HttpAnswer ready = http_request(port, "GET", "/readyz");
    CHECK(ready.status == 200);
    CHECK_THAT(ready.body, Contains("task socket_client: 1 restart; last error: test task "
                                    "socket_client fails on its first run"));
    CHECK_THAT(http_request(port, "GET", "/metrics").body,
               Contains("ritualbot_task_restarts_total{task=\"socket_client\"} 1"));
    CHECK(scene.bot->running());
}
