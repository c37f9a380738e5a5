#pragma once
// One end-to-end scene: a FakeSlack, a temporary data directory and the real ritualbot binary
// started against them (SLACK_API_URL + RITUALBOT_CA_FILE point it at the fake). The bot's
// log is kept in the temp dir and printed when a check fails.

#include "bot_process.hpp"
#include "fake_slack.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <thread>

namespace ritualbot::testing {

using namespace std::chrono_literals;

// Sets the time the bot reads from RITUALBOT_TEST_CLOCK_FILE, atomically: it never reads half.
inline void set_clock(const std::string& file, long long unix_seconds) {
    std::ofstream(file + ".tmp") << unix_seconds << "\n";
    std::rename((file + ".tmp").c_str(), file.c_str());
}

// The ack text of a slash command `user` (U0ALICE unless named) types in `channel`.
inline std::string command_in(FakeSlack& slack, const std::string& channel,
                              const std::string& name, const std::string& text,
                              const std::string& user = "U0ALICE") {
    const auto ack = slack.wait_for_ack(slack.push_slash_command(name, text, channel, user), 3s);
    REQUIRE(ack);
    return ack->payload.value("text", "");
}

// A request to the fake Slack's page as a person makes it (send a message, use a shortcut,
// submit a form); its JSON answer.
inline nlohmann::json page(FakeSlack& slack, const std::string& target,
                           const nlohmann::json& body) {
    const auto answer = slack.page_request("POST", target, body.dump());
    INFO(answer.body);
    REQUIRE(answer.status == 200);
    return nlohmann::json::parse(answer.body);
}

// Polls `done` until it holds or `timeout` passes; its last answer.
template <typename Predicate>
bool eventually(Predicate done, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        if (done()) return true;
        std::this_thread::sleep_for(20ms);
    }
    return done();
}

// The bot's messages in a channel (or a DM) so far, waiting up to `timeout` for `count`.
inline std::vector<nlohmann::json> wait_for_messages(const FakeSlack& slack,
                                                     const std::string& channel, std::size_t count,
                                                     std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    auto messages = slack.messages(channel);
    while (messages.size() < count && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(50ms);
        messages = slack.messages(channel);
    }
    return messages;
}

// What a bot started against `slack` needs: its tokens, URL and CA, a database in `dir`, a
// free HTTP port, Alice as admin (nobody becomes one by being first) and debug logs.
inline std::map<std::string, std::string> bot_environment(const FakeSlack& slack,
                                                          const std::string& dir) {
    return {{"SLACK_APP_TOKEN", FakeSlack::kAppToken},
            {"SLACK_BOT_TOKEN", FakeSlack::kBotToken},
            {"SLACK_API_URL", slack.api_url()},
            {"RITUALBOT_CA_FILE", slack.ca_file()},
            {"RITUALBOT_DB", dir + "/ritualbot.db"},
            {"RITUALBOT_HTTP_ADDR", "127.0.0.1:0"},
            {"RITUALBOT_ADMINS", "U0ALICE"},
            {"RITUALBOT_LOG", "debug"}};
}

struct BotFixture {
    explicit BotFixture(FakeSlackOptions options = {}) : slack(options) {}
    ~BotFixture() {
        bot.reset();
        if (!std::getenv("RITUALBOT_E2E_KEEP")) remove_tree(dir);  // keep for a post-mortem
    }

    std::map<std::string, std::string> environment() const {
        auto env = bot_environment(slack, dir);
        // These scenes follow one connection (its drops, refreshes and acks); the cluster
        // test runs the default two per instance.
        env["RITUALBOT_SOCKETS"] = "1";
        return env;
    }

    void start(std::map<std::string, std::string> overrides = {}) {
        auto env = environment();
        for (auto& [key, value] : overrides) env[key] = value;
        bot = std::make_unique<BotProcess>(RITUALBOT_BINARY, std::vector<std::string>{"run"},
                                           env, dir + "/bot.log");
    }

    // Starts the bot and waits until its first socket said hello.
    void start_connected() {
        start();
        INFO(bot->log());
        REQUIRE(slack.wait_for_connections(1, 20s));
    }

    // Starts the bot at Wednesday 25 Nov 2026 12:00 UTC (its clock file stays there), then
    // Alice (an admin) puts Ana and Ben on #support-crew's captain roster: the shift in
    // progress has a captain.
    void start_with_crew() {
        const std::string clock_file = dir + "/clock";
        set_clock(clock_file, 1795608000);
        start({{"RITUALBOT_TEST_CLOCK_FILE", clock_file}});
        REQUIRE(slack.wait_for_connections(1, 20s));
        command_in(slack, "C0CREW", "/captain", "add <@U0ANA|ana> <@U0BEN|ben>");
    }

    std::string log() const { return bot ? bot->log() : std::string(); }

    FakeSlack slack;
    std::string dir = make_temp_dir("ritualbot-e2e-");
    std::unique_ptr<BotProcess> bot;
};

}  // namespace ritualbot::testing
