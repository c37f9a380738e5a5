// Tickets uploaded from Slack: `@ritualbot import` on a message with a CSV (and the "Import
// tickets" shortcut) makes the bot fetch the file through files.info and its private download
// over TLS, import it, and answer in the thread with the summary.

#include "bot_fixture.hpp"

#include <fstream>
#include <sstream>
#include <thread>

using namespace ritualbot::testing;
using Catch::Contains;

namespace {

std::string fixture(const std::string& name) {
    std::ifstream in(std::string(RITUALBOT_FIXTURES_DIR) + "/csv/" + name, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

nlohmann::json mention_with_file(const std::string& user, const std::string& text,
                                 const std::string& ts, const nlohmann::json& file) {
    return {{"type", "app_mention"}, {"user", user},         {"text", "<@U0BOT> " + text},
            {"ts", ts},              {"channel", "C0CREW"}, {"event_ts", ts},
            {"files", nlohmann::json::array({file})}};
}

// The bot's posts in the thread of `ts`, oldest first.
std::vector<std::string> thread_replies(const FakeSlack& slack, const std::string& ts) {
    std::vector<std::string> texts;
    for (const auto& message : slack.messages("C0CREW")) {
        if (message.value("thread_ts", "") == ts) texts.push_back(message.value("text", ""));
    }
    return texts;
}

bool wait_for_thread_reply(const FakeSlack& slack, const std::string& ts, std::size_t count) {
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    while (std::chrono::steady_clock::now() < deadline) {
        if (thread_replies(slack, ts).size() >= count) return true;
        std::this_thread::sleep_for(50ms);
    }
    return false;
}

}  // namespace

TEST_CASE("an uploaded Zendesk export is fetched with the bot token - imported - and summarised "
          "in the thread") {
    BotFixture scene;
    scene.start_connected();
    INFO(scene.log());
    FakeSlack& slack = scene.slack;

    const nlohmann::json file = slack.upload_file("tickets.csv", fixture("zendesk_export.csv"));
    slack.push_event(mention_with_file("U0ALICE", "import", "1700000100.000100", file), "Ev-up-1");
    REQUIRE(wait_for_thread_reply(slack, "1700000100.000100", 1));
    const std::string reply = thread_replies(slack, "1700000100.000100").front();
    CHECK_THAT(reply, Contains("Imported *tickets.csv*") &&
                          Contains("4 tickets from a Zendesk ticket export") &&
                          Contains("created 2026-11-20 to 2026-11-21") &&
                          Contains("csat present on 50%"));

    const auto info = slack.calls("files.info");
    REQUIRE(info.size() == 1);
    CHECK(info[0].args.value("file", "") == file.at("id"));
    const auto downloads = slack.calls("files.download");
    REQUIRE(downloads.size() == 1);
    CHECK(downloads[0].http_status == 200);
    CHECK(downloads[0].authorization == std::string("Bearer ") + FakeSlack::kBotToken);
    CHECK(scene.log().find(FakeSlack::kBotToken) == std::string::npos);

    // Another person is not an admin of the channel (the uploader became its first): refused,
    // to them alone, as other admin commands are.
    const nlohmann::json again = slack.upload_file("more.csv", fixture("zendesk_export.csv"));
    slack.push_event(mention_with_file("U0BEN", "import", "1700000200.000100", again), "Ev-up-2");
    REQUIRE(slack.wait_for_calls("chat.postEphemeral", 1, 30s));
    const ApiCall refusal = slack.calls("chat.postEphemeral").front();
    CHECK(refusal.args.value("user", "") == "U0BEN");
    CHECK(refusal.args.value("thread_ts", "") == "1700000200.000100");
    CHECK_THAT(refusal.args.value("text", ""),
               Contains("only admins") && Contains("import tickets"));
    CHECK(slack.calls("files.download").size() == 1);
}

TEST_CASE("a file that is not a CSV is refused in the thread and nothing is fetched") {
    BotFixture scene;
    scene.start_connected();
    INFO(scene.log());
    FakeSlack& slack = scene.slack;

    const nlohmann::json pdf = slack.upload_file("report.pdf", "%PDF-1.7 binary", "pdf");
    slack.push_event(mention_with_file("U0ALICE", "import", "1700000300.000100", pdf), "Ev-up-3");
    REQUIRE(wait_for_thread_reply(slack, "1700000300.000100", 1));
    CHECK_THAT(thread_replies(slack, "1700000300.000100").front(),
               Contains("*report.pdf* is not a CSV file") && Contains("Nothing was imported"));
    CHECK(slack.calls("files.download").empty());

    // The shortcut on a message whose CSV has no recognised columns: a clear answer, no rows.
    const nlohmann::json odd = slack.upload_file("odd.csv", "Ticket,When\nA,today\n");
    const nlohmann::json shortcut = {
        {"type", "interactive"},
        {"payload",
         {{"type", "message_action"},
          {"callback_id", "import_tickets"},
          {"trigger_id", "trigger-import"},
          {"user", {{"id", "U0ALICE"}}},
          {"channel", {{"id", "C0CREW"}}},
          {"message_ts", "1700000400.000100"},
          {"message",
           {{"type", "message"},
            {"ts", "1700000400.000100"},
            {"files", nlohmann::json::array({odd})}}}}}};
    REQUIRE(slack.wait_for_ack(slack.push_envelope(shortcut), 5s));
    REQUIRE(wait_for_thread_reply(slack, "1700000400.000100", 1));
    CHECK_THAT(thread_replies(slack, "1700000400.000100").front(),
               Contains("Nothing was imported from *odd.csv*") &&
                   Contains("no id and no created_at columns") && Contains("zendesk"));
}
