// The sandbox's pieces without a bot: typed text to Slack text, the clock control's
// arithmetic, the embedded page, and the page's HTTP side (what it accepts and refuses, what
// a person sees when the bot is not connected or a command does not exist).

#include "emulator/emulator.hpp"
#include "emulator/page_assets.hpp"
#include "bot/sandbox/sandbox_clock.hpp"
#include "commands/schedule/local_time.hpp"
#include "http_get.hpp"

#include <catch2/catch.hpp>

using namespace ritualbot::bot::sandbox;
using namespace ritualbot::emulator;
using json = nlohmann::json;
using namespace std::chrono_literals;

TEST_CASE("typed text becomes Slack text with escaped mentions", "[sandbox]") {
    const Workspace workspace = sandbox_workspace();
    CHECK(slack_text_from_typed("add @ana @Ben and @chloe.", workspace, true) ==
          "add <@U0ANA|ana> <@U0BEN|ben> and <@U0CHLOE|chloe>.");
    CHECK(slack_text_from_typed("@ritualbot help", workspace, false) == "<@U0BOT> help");
    CHECK(slack_text_from_typed("mail a@b.c, @nobody", workspace, false) == "mail a@b.c, @nobody");
    CHECK(slack_text_from_typed("a < b & c > d", workspace, false) == "a &lt; b &amp; c &gt; d");
}

TEST_CASE("the sandbox workspace declares the manifest's commands and shortcuts", "[sandbox]") {
    const Workspace workspace = sandbox_workspace();
    CHECK(workspace.people.size() == 5);
    CHECK(workspace.has_command("/captain"));
    CHECK(workspace.has_command("/ritual"));
    CHECK_FALSE(workspace.has_command("/nope"));
    // Each message's menu offers the manifest's message shortcuts.
    REQUIRE(workspace.shortcuts.size() == 4);
    CHECK(workspace.shortcuts[1].callback_id == "import_tickets");
    CHECK(workspace.shortcuts[2].callback_id == "playbook_customer_voice");
    CHECK(workspace.shortcuts[2].name == "Add as customer voice");
    CHECK(workspace.shortcuts[3].callback_id == "incident_timeline_note");
}

TEST_CASE("clock control jumps to local times in the crew's zone", "[sandbox]") {
    const auto* berlin = *ritualbot::commands::find_zone("Europe/Berlin");
    // Wednesday 2026-11-25 12:00 UTC = 13:00 in Berlin.
    const auto wednesday = std::chrono::system_clock::time_point(1795608000s);
    CHECK(clock_target("plus_day", wednesday, berlin) == wednesday + 24h);
    CHECK(clock_target("plus_hour", wednesday, berlin) == wednesday + 1h);
    // Thursday 09:00 Berlin = 08:00 UTC.
    CHECK(clock_target("next_0900", wednesday, berlin) == wednesday + 20h);
    // Friday 15:00 Berlin = 14:00 UTC, two days later.
    CHECK(clock_target("next_friday_1500", wednesday, berlin) == wednesday + 48h + 2h);
    // Exactly at the time: the next one, a week on.
    const auto friday = *clock_target("next_friday_1500", wednesday, berlin);
    CHECK(clock_target("next_friday_1500", friday, berlin) == friday + 7 * 24h);
    CHECK_FALSE(clock_target("sideways", wednesday, berlin).has_value());

    SandboxClock clock(wednesday);
    clock.set(friday);
    CHECK(clock.now() >= friday);
    CHECK(clock.now() < friday + 5s);  // it runs on from there
}

TEST_CASE("the page is embedded and served with its policy", "[sandbox]") {
    REQUIRE(embedded_page_file("/index.html"));
    CHECK(embedded_page_file("/index.html")->find("/app.js") != std::string_view::npos);
    CHECK(embedded_page_file("/app.css"));
    CHECK(embedded_page_file("/app.js"));
    CHECK_FALSE(embedded_page_file("/secret"));

    EmulatorOptions options;
    options.page_address = "127.0.0.1:0";
    Emulator slack(options);
    const int port = slack.page_port();
    REQUIRE(port > 0);
    using ritualbot::testing::http_request;
    const auto page = http_request(port, "GET", "/");
    CHECK(page.status == 200);
    CHECK(page.body.find("<title>ritualbot sandbox</title>") != std::string::npos);
    CHECK(http_request(port, "GET", "/nope").status == 404);
    const auto workspace = http_request(port, "GET", "/ui/workspace");
    REQUIRE(workspace.status == 200);
    const json ws = json::parse(workspace.body);
    CHECK(ws["bot_connected"] == false);
    CHECK(ws["people"].size() == 5);
    // Only the page's script posts JSON; a cross-site form cannot.
    CHECK(http_request(port, "POST", "/ui/send",
                       "Content-Type: application/x-www-form-urlencoded\r\n", "user=U0ANA")
              .status == 415);
    const std::string send = json{{"user", "U0ANA"}, {"channel", "C0CREW"}, {"text", "hi"}}.dump();
    // A browser sends text/plain cross-site without a preflight, whatever its parameters say.
    CHECK(http_request(port, "POST", "/ui/send",
                       "Content-Type: text/plain; charset=application/json\r\n", send)
              .status == 415);
    CHECK(
        http_request(port, "POST", "/ui/send", "Content-Type: application/json\r\n", send).status ==
        200);
    CHECK(slack.messages("C0CREW").size() == 1);
}

TEST_CASE("the page's actions without a bot", "[sandbox]") {
    Emulator slack;
    auto send = [&](const std::string& user, const std::string& channel, const std::string& text) {
        return slack.page_request(
            "POST", "/ui/send", json{{"user", user}, {"channel", channel}, {"text", text}}.dump());
    };
    CHECK(send("U0NOBODY", "C0CREW", "hi").status == 400);
    CHECK(send("U0ANA", "C0ELSEWHERE", "hi").status == 400);
    CHECK(send("U0ANA", "D0BEN", "hi").status == 400);  // Ben's DM is not Ana's
    CHECK(send("U0ANA", "C0CREW", "   ").status == 400);

    SECTION("an unknown command is refused the way Slack does") {
        CHECK(send("U0ANA", "C0CREW", "/frobnicate now").status == 200);
        const auto refusal = slack.wait_for_page_event(
            [](const json& e) { return e.value("user", "") == "USLACKBOT"; }, 1s);
        REQUIRE(refusal);
        CHECK((*refusal)["ephemeral_to"] == "U0ANA");
        CHECK((*refusal)["text"].get<std::string>().find("not a valid command") !=
              std::string::npos);
        CHECK(slack.pending_envelopes().empty());
    }
    SECTION("a command while the bot is away fails with dispatch_failed") {
        CHECK(send("U0ANA", "C0CREW", "/captain who").status == 200);
        const auto echo = slack.page_events();
        REQUIRE(echo.size() == 2);
        CHECK(echo[0]["command"] == true);
        CHECK(echo[1]["text"].get<std::string>().find("dispatch_failed") != std::string::npos);
    }
    SECTION("a mention of the bot in a channel becomes app_mention; a DM a message.im") {
        CHECK(send("U0ANA", "C0CREW", "@ritualbot help").status == 200);
        CHECK(send("U0ANA", "C0CREW", "no mention here").status == 200);
        CHECK(send("U0BEN", "D0BEN", "help").status == 200);
        CHECK(slack.pending_envelopes().size() == 2);
        CHECK(slack.messages("C0CREW").size() == 2);
        CHECK(slack.messages("C0CREW")[0]["text"] == "<@U0BOT> help");
        CHECK(slack.messages("D0BEN").size() == 1);
    }
    SECTION("no clock control without a clock") {
        CHECK(slack.page_request("POST", "/ui/clock", R"({"action":"plus_day"})").status == 404);
    }
}
