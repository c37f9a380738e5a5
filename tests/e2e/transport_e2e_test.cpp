// The real `ritualbot run` against the fake Slack: Socket Mode, acks, reconnects, the outbox.

#include "bot_fixture.hpp"
#include "http_get.hpp"
#include "slack_payloads.hpp"

#include <algorithm>
#include <sstream>
#include <thread>
#include <csignal>
#include <signal.h>
#include <iostream>

using namespace ritualbot::testing;

namespace {

FakeSlackOptions with_cert(FakeSlackOptions::Cert cert) {
    FakeSlackOptions options;
    options.cert = cert;
    return options;
}

std::vector<std::string> posted_threads(const FakeSlack& slack) {
    std::vector<std::string> threads;
    for (const ApiCall& call : slack.calls("chat.postMessage")) {
        if (call.http_status == 200) threads.push_back(call.args.value("thread_ts", ""));
    }
    return threads;
}

}  // namespace

TEST_CASE("hello, then a slash command is acked with its reply within 3 s") {
    BotFixture scene;
    scene.start_connected();
    INFO(scene.log());

    const std::string id = scene.slack.push_slash_command("/ritual", "help");
    const auto ack = scene.slack.wait_for_ack(id, 3s);
    REQUIRE(ack);
    CHECK(ack->payload["response_type"] == "ephemeral");
    CHECK_THAT(ack->payload["text"].get<std::string>(), Catch::Contains("/ritual"));
    const auto latency = std::chrono::duration_cast<std::chrono::microseconds>(ack->acked_at - ack->pushed_at);
    CHECK(latency < 3s);
    std::cout << "e2e ack latency (/ritual help, first command): " << latency.count() << " us\n";

    // A few more to see the steady state.
    std::vector<std::chrono::microseconds> latencies;
    for (int i = 0; i < 20; ++i) {
        const auto next = scene.slack.wait_for_ack(scene.slack.push_slash_command("/ritual", "help"), 3s);
        REQUIRE(next);
        latencies.push_back(std::chrono::duration_cast<std::chrono::microseconds>(next->acked_at - next->pushed_at));
    }
    std::sort(latencies.begin(), latencies.end());
    std::cout << "e2e ack latency over 20 commands: median " << latencies[10].count()
              << " us, max " << latencies.back().count() << " us\n";

    // An unknown command gets usage, privately.
    const auto unknown = scene.slack.wait_for_ack(scene.slack.push_slash_command("/nope", ""), 3s);
    REQUIRE(unknown);
    CHECK(unknown->payload["response_type"] == "ephemeral");
    CHECK_THAT(unknown->payload["text"].get<std::string>(), Catch::Contains("/nope"));

    const std::string log = scene.log();
    CHECK(log.find(FakeSlack::kAppToken) == std::string::npos);
    CHECK(log.find(FakeSlack::kBotToken) == std::string::npos);
}

TEST_CASE("a mention is answered with chat.postMessage, carrying the bot token") {
    BotFixture scene;
    scene.start_connected();
    INFO(scene.log());

    const std::string id = scene.slack.push_event(mention("help", "1700000001.000100"), "EvMention1");
    REQUIRE(scene.slack.wait_for_ack(id, 3s));
    REQUIRE(scene.slack.wait_for_calls("chat.postMessage", 1, 5s));
    const ApiCall post = scene.slack.calls("chat.postMessage").at(0);
    CHECK(post.authorization == std::string("Bearer ") + FakeSlack::kBotToken);
    CHECK(post.args["channel"] == "C0CREW");
    CHECK(post.args["thread_ts"] == "1700000001.000100");
    CHECK_THAT(post.args["text"].get<std::string>(), Catch::Contains("/ritual"));
    CHECK(post.args["metadata"]["event_payload"]["key"] == "event:EvMention1:0");
}

TEST_CASE("an events_api envelope retried by Slack is applied once") {
    BotFixture scene;
    scene.start_connected();
    INFO(scene.log());

    const auto event = mention("help", "1700000002.000100");
    REQUIRE(scene.slack.wait_for_ack(scene.slack.push_event(event, "EvRetry"), 3s));
    REQUIRE(scene.slack.wait_for_ack(scene.slack.push_event(event, "EvRetry", 1), 3s));
    REQUIRE(scene.slack.wait_for_ack(scene.slack.push_event(event, "EvRetry", 2), 3s));
    // A later, different mention in the same channel: posts keep their order per channel, so
    // once it is posted any duplicate of the first would have been posted before it.
    REQUIRE(scene.slack.wait_for_ack(
        scene.slack.push_event(mention("help", "1700000003.000100"), "EvAfter"), 3s));
    REQUIRE(scene.slack.wait_for_calls("chat.postMessage", 2, 8s));
    CHECK(posted_threads(scene.slack) ==
          std::vector<std::string>{"1700000002.000100", "1700000003.000100"});
}

TEST_CASE("a 429 on chat.postMessage is followed by exactly one post after Retry-After") {
    BotFixture scene;
    scene.start_connected();
    INFO(scene.log());

    scene.slack.fail_next("chat.postMessage", FailureSpec{429, 1, R"({"ok":false,"error":"ratelimited"})", 1});
    REQUIRE(scene.slack.wait_for_ack(
        scene.slack.push_event(mention("help", "1700000004.000100"), "EvLimited"), 3s));
    REQUIRE(scene.slack.wait_for_calls("chat.postMessage", 2, 10s));
    const auto calls = scene.slack.calls("chat.postMessage");
    CHECK(calls[0].http_status == 429);
    CHECK(calls[1].http_status == 200);
    CHECK(calls[1].at - calls[0].at >= 1s);

    REQUIRE(scene.slack.wait_for_ack(
        scene.slack.push_event(mention("help", "1700000005.000100"), "EvNext"), 3s));
    REQUIRE(scene.slack.wait_for_calls("chat.postMessage", 3, 8s));
    CHECK(posted_threads(scene.slack) ==
          std::vector<std::string>{"1700000004.000100", "1700000005.000100"});
    CHECK(scene.slack.messages("C0CREW").size() == 2);
}

TEST_CASE("a backlog of many channels' posts goes out side by side, each channel in order") {
    BotFixture scene;
    scene.start_connected();
    INFO(scene.log());

    // A slow Slack: every post is answered 300 ms after it arrives. The first holds the sender
    // while two mentions in each of 20 channels queue up behind it.
    constexpr int kChannels = 20;
    constexpr auto kSlow = 300ms;
    scene.slack.delay_next("chat.postMessage", kSlow, 1 + 2 * kChannels);
    REQUIRE(scene.slack.wait_for_ack(
        scene.slack.push_event(mention("help", "1700000100.000100"), "EvFirst"), 3s));
    REQUIRE(scene.slack.wait_for_calls("chat.postMessage", 1, 5s));
    const auto channel = [](int i) { return "C0LANE" + std::to_string(10 + i); };
    std::vector<std::string> pushed;
    for (int round = 1; round <= 2; ++round) {
        for (int i = 0; i < kChannels; ++i) {
            const std::string ts =
                "17000002" + std::to_string(10 + i) + ".00010" + std::to_string(round);
            pushed.push_back(scene.slack.push_event(mention("help", ts, channel(i)),
                                                    "Ev" + std::to_string(round) + channel(i)));
        }
    }
    for (const std::string& id : pushed) REQUIRE(scene.slack.wait_for_ack(id, 5s));

    // One after another, 40 answers 300 ms each would take 12 s; side by side they come
    // within a few seconds, each channel's second after its first (a second apart, at least).
    REQUIRE(scene.slack.wait_for_calls("chat.postMessage", 1 + 2 * kChannels, 10s));
    const auto calls = scene.slack.calls("chat.postMessage");
    std::size_t most_under_way = 0;  // calls that arrived within one answer's delay
    for (std::size_t i = 0; i < calls.size(); ++i) {
        std::size_t together = 0;
        for (std::size_t j = i; j < calls.size() && calls[j].at - calls[i].at < kSlow - 50ms; ++j)
            ++together;
        most_under_way = std::max(most_under_way, together);
    }
    CHECK(most_under_way >= 4);
    CHECK(most_under_way <= 8);  // kCallsInFlight: a backlog never floods Slack
    for (int i = 0; i < kChannels; ++i) {
        INFO(channel(i));
        std::vector<std::string> threads;
        std::vector<std::chrono::steady_clock::time_point> at;
        for (const ApiCall& call : calls) {
            if (call.args.value("channel", "") != channel(i)) continue;
            threads.push_back(call.args.value("thread_ts", ""));
            at.push_back(call.at);
        }
        REQUIRE(threads.size() == 2);
        CHECK(threads[0].substr(threads[0].size() - 1) == "1");
        CHECK(threads[1].substr(threads[1].size() - 1) == "2");
        CHECK(at[1] - at[0] >= 900ms);  // Slack's one post a second per channel
    }
    CHECK(scene.slack.rate_limited_calls() == 0);
}

TEST_CASE("after an abrupt drop the bot reconnects and no envelope stays un-acked") {
    BotFixture scene;
    scene.start_connected();
    INFO(scene.log());

    std::vector<std::string> ids;
    for (int i = 0; i < 5; ++i) ids.push_back(scene.slack.push_slash_command("/ritual", "help"));
    REQUIRE(scene.slack.wait_for_ack(ids.back(), 3s));
    scene.slack.drop_connection();
    // Pushed while no socket is open: they wait for the next connection.
    for (int i = 0; i < 3; ++i) {
        ids.push_back(scene.slack.push_event(mention("help", "17000001" + std::to_string(i) + ".0001"),
                                             "EvDrop" + std::to_string(i)));
    }
    REQUIRE(scene.slack.wait_for_connections(2, 15s));
    scene.slack.redeliver_unacked();
    for (const std::string& id : ids) CHECK(scene.slack.wait_for_ack(id, 5s));
    CHECK(scene.slack.pending_envelopes().empty());
    CHECK(scene.bot->running());
}

TEST_CASE("refresh_requested: the new socket is open before the old one closes") {
    BotFixture scene;
    scene.start_connected();
    INFO(scene.log());

    scene.slack.send_disconnect("refresh_requested", 0);
    // Until the replacement said hello, the old socket keeps serving.
    const std::string on_old = scene.slack.push_slash_command("/ritual", "help");
    const auto old_ack = scene.slack.wait_for_ack(on_old, 3s);
    REQUIRE(old_ack);

    REQUIRE(scene.slack.wait_for_connections(2, 15s));
    REQUIRE(scene.slack.wait_for_open_connections(1, 5s));
    CHECK(scene.slack.newest_connection() == 1);
    CHECK(scene.slack.connection_opened_before_closed(1, 0));

    const auto on_new = scene.slack.wait_for_ack(scene.slack.push_slash_command("/ritual", "help"), 3s);
    REQUIRE(on_new);
    CHECK(on_new->connection == 1);
}

TEST_CASE("a server certificate from another CA is refused") {
    BotFixture scene(with_cert(FakeSlackOptions::Cert::other_ca));
    scene.start();
    INFO(scene.log());
    CHECK(scene.bot->wait_for_log("certificate verify failed", 15s));
    CHECK(scene.slack.hellos_sent() == 0);
    CHECK(scene.slack.calls().empty());  // no request ever got past TLS
    CHECK(scene.bot->running());          // it keeps retrying with backoff, it does not crash
}

TEST_CASE("a certificate for another host name is refused") {
    BotFixture scene(with_cert(FakeSlackOptions::Cert::wrong_host));
    scene.start();
    INFO(scene.log());
    CHECK(scene.bot->wait_for_log("certificate verify failed", 15s));
    CHECK(scene.slack.hellos_sent() == 0);
    CHECK(scene.slack.calls().empty());
}

TEST_CASE("a token Slack rejects stops the bot with a clear message and exit code 2") {
    BotFixture scene;
    scene.start({{"SLACK_APP_TOKEN", "xapp-1-test-A0FAKE-1-revoked"}});
    INFO(scene.log());
    int exit_code = -1;
    REQUIRE(scene.bot->wait_for_exit(20s, &exit_code));
    CHECK(exit_code == 2);
    CHECK_THAT(scene.log(), Catch::Contains("SLACK_APP_TOKEN") && Catch::Contains("invalid_auth"));
    CHECK(scene.log().find("xapp-1-test-A0FAKE-1-revoked") == std::string::npos);
}

TEST_CASE("SIGTERM stops the bot cleanly with exit code 0") {
    BotFixture scene;
    scene.start_connected();
    INFO(scene.log());
    ::kill(scene.bot->pid(), SIGTERM);  // not terminate(): its SIGKILL fallback would hide a hang
    int exit_code = -1;
    REQUIRE(scene.bot->wait_for_exit(10s, &exit_code));
    CHECK(exit_code == 0);
    CHECK(scene.slack.wait_for_open_connections(0, 5s));
}

TEST_CASE("the HTTP listener answers health, readiness and metrics") {
    BotFixture scene;
    scene.start_connected();
    INFO(scene.log());
    REQUIRE(scene.bot->wait_for_log("http.listening", 5s));
    const int port = listening_port(scene.log());
    REQUIRE(port > 0);

    CHECK(http_request(port, "GET", "/healthz").status == 200);
    // Ready once the socket said hello (start_connected saw it) and the database is writable.
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    HttpAnswer ready;
    while (std::chrono::steady_clock::now() < deadline &&
           (ready = http_request(port, "GET", "/readyz")).status != 200) {
        std::this_thread::sleep_for(50ms);
    }
    CHECK(ready.status == 200);

    REQUIRE(scene.slack.wait_for_ack(scene.slack.push_slash_command("/ritual", "help"), 3s));
    const HttpAnswer metrics = http_request(port, "GET", "/metrics");
    CHECK(metrics.status == 200);
    CHECK_THAT(metrics.body, Catch::Contains("ritualbot_envelopes_acked_total{type=\"slash_commands\"} 1"));
    CHECK_THAT(metrics.body, Catch::Contains("ritualbot_ack_latency_seconds_count{type=\"slash_commands\"} 1"));
    CHECK_THAT(metrics.body, Catch::Contains("ritualbot_api_calls_total{method=\"apps.connections.open\",outcome=\"ok\"} 1"));
    CHECK_THAT(metrics.body, Catch::Contains("ritualbot_outbox_depth 0"));

    CHECK(http_request(port, "POST", "/healthz").status == 405);
    CHECK(http_request(port, "GET", "/nope").status == 404);
}

TEST_CASE("SIGTERM drains the outbox before exiting - a second signal exits at once") {
    SECTION("drain") {
        BotFixture scene;
        scene.start_connected();
        INFO(scene.log());
        scene.slack.fail_next("chat.postMessage", FailureSpec{429, 2, R"({"ok":false,"error":"ratelimited"})", 1});
        REQUIRE(scene.slack.wait_for_ack(
            scene.slack.push_event(mention("help", "1700000006.000100"), "EvDrain"), 3s));
        REQUIRE(scene.slack.wait_for_calls("chat.postMessage", 1, 5s));  // the 429
        ::kill(scene.bot->pid(), SIGTERM);
        int exit_code = -1;
        REQUIRE(scene.bot->wait_for_exit(15s, &exit_code));
        CHECK(exit_code == 0);
        CHECK(posted_threads(scene.slack) == std::vector<std::string>{"1700000006.000100"});
    }
    SECTION("second signal") {
        BotFixture scene;
        scene.start_connected();
        INFO(scene.log());
        scene.slack.fail_next("chat.postMessage", FailureSpec{429, 60, R"({"ok":false,"error":"ratelimited"})", 1});
        REQUIRE(scene.slack.wait_for_ack(
            scene.slack.push_event(mention("help", "1700000007.000100"), "EvStuck"), 3s));
        REQUIRE(scene.slack.wait_for_calls("chat.postMessage", 1, 5s));
        ::kill(scene.bot->pid(), SIGTERM);
        REQUIRE(scene.bot->wait_for_log("bot.shutdown", 5s));
        ::kill(scene.bot->pid(), SIGTERM);
        int exit_code = -1;
        REQUIRE(scene.bot->wait_for_exit(3s, &exit_code));
        CHECK(exit_code == 128 + SIGTERM);
    }
}

TEST_CASE("doctor reports the team, the bot user and the scopes still missing") {
    BotFixture scene;
    scene.slack.set_scopes("commands,chat:write");
    auto env = scene.environment();
    BotProcess doctor(RITUALBOT_BINARY, {"doctor"}, env, scene.dir + "/doctor.log");
    int exit_code = -1;
    REQUIRE(doctor.wait_for_exit(20s, &exit_code));
    const std::string report = doctor.log();
    INFO(report);
    CHECK(exit_code == 1);
    CHECK_THAT(report, Catch::Contains("bot user " + std::string(FakeSlack::kBotUserId)));
    CHECK_THAT(report, Catch::Contains("bot scopes missing:") && Catch::Contains("reactions:read"));
    CHECK_THAT(report, Catch::Contains("ok    app token"));
    CHECK(report.find(FakeSlack::kBotToken) == std::string::npos);
    CHECK(scene.slack.hellos_sent() == 0);  // doctor never dials the socket
}

TEST_CASE("with RITUALBOT_LOG_FORMAT=json every log line is a JSON object without secrets") {
    BotFixture scene;
    scene.start({{"RITUALBOT_LOG_FORMAT", "json"}, {"RITUALBOT_INGEST_SECRET", "ingest-secret-xyz"}});
    REQUIRE(scene.slack.wait_for_connections(1, 20s));
    REQUIRE(scene.slack.wait_for_ack(scene.slack.push_slash_command("/ritual", "help"), 3s));
    REQUIRE(scene.slack.wait_for_ack(scene.slack.push_event(mention("help", "1700000009.000100"), "EvJson"), 3s));
    REQUIRE(scene.slack.wait_for_calls("chat.postMessage", 1, 5s));
    scene.bot->terminate();
    std::istringstream lines(scene.log());
    int count = 0;
    for (std::string line; std::getline(lines, line) && count < 10000; ++count) {
        INFO(line);
        const auto object = nlohmann::json::parse(line, nullptr, false);
        REQUIRE(object.is_object());
        CHECK(object.contains("ts"));
        CHECK(object.contains("level"));
        CHECK(object.contains("event"));
        CHECK(line.find(FakeSlack::kAppToken) == std::string::npos);
        CHECK(line.find(FakeSlack::kBotToken) == std::string::npos);
        CHECK(line.find("ingest-secret-xyz") == std::string::npos);
    }
    CHECK(count > 5);
}
