// The morning digest end to end: generated tickets imported, the digest posted at 09:15 (15
// minutes after the change-over) to the channel and the captain, and an outlier investigated
// through the button and its modal.

#include "bot_fixture.hpp"
#include "slack_payloads.hpp"
#include "commands/ticket_data/generator.hpp"

#include <algorithm>
#include <fstream>

using namespace ritualbot::testing;

namespace {

constexpr long long kFridayEight = 1793347200;         // 2026-10-30 08:00 UTC
constexpr long long kFridayChangeover = 1793350800;    // 09:00:00, the captain change-over
constexpr long long kFridayDigestTime = 1793351730;    // 09:15:30, just after the digest time

void set_clock(const std::string& file, long long unix_seconds) {
    std::ofstream(file + ".tmp") << unix_seconds << "\n";
    std::rename((file + ".tmp").c_str(), file.c_str());
}

// The first outlier button in a Block Kit message: its value is the outlier id.
std::string first_outlier_id(const nlohmann::json& blocks) {
    for (const auto& block : blocks) {
        for (const auto& element : block.value("elements", nlohmann::json::array())) {
            if (element.value("action_id", "") == "outliers_ack") return element.value("value", "");
        }
        if (block.contains("accessory") && block["accessory"].value("action_id", "") == "outliers_ack")
            return block["accessory"].value("value", "");
    }
    return {};
}

}  // namespace

TEST_CASE("the 09:15 digest reaches channel and captain - its button records an investigation") {
    BotFixture scene;
    // 90 days of a crew's tickets (Aug 1 – Oct 29 2026) with planted anomalies on the last day.
    const auto data = ritualbot::commands::generate_tickets({});
    std::ofstream csv(scene.dir + "/tickets.csv", std::ios::binary);
    ritualbot::commands::write_tickets_csv(csv, data.tickets);
    csv.close();
    {
        BotProcess import(RITUALBOT_BINARY, {"import", "--channel", "C0CREW", "--file", scene.dir + "/tickets.csv"},
                          {{"RITUALBOT_DB", scene.dir + "/ritualbot.db"}}, scene.dir + "/import.log");
        int exit_code = -1;
        REQUIRE(import.wait_for_exit(60s, &exit_code));
        INFO(import.log());
        REQUIRE(exit_code == 0);
    }

    const std::string clock_file = scene.dir + "/clock";
    set_clock(clock_file, kFridayEight);
    scene.start({{"RITUALBOT_TEST_CLOCK_FILE", clock_file}});
    INFO(scene.log());
    REQUIRE(scene.slack.wait_for_connections(1, 20s));
    REQUIRE(scene.slack.wait_for_ack(
        scene.slack.push_slash_command("/captain", "add <@U0BOB> <@U0ALICE>", "C0CREW", "U0ALICE"), 3s));

    // Bob holds the shift set up this morning; at 09:00 it passes to Alice, who gets the digest.
    set_clock(clock_file, kFridayChangeover);
    REQUIRE(scene.slack.wait_for_calls("chat.postMessage", 1, 15s));
    set_clock(clock_file, kFridayDigestTime);
    REQUIRE(scene.slack.wait_for_calls("chat.postMessage", 3, 15s));
    // The digest's two posts, the channel's first: the DM may overtake the channel post, which
    // waits its turn behind the change-over announcement.
    std::vector<ApiCall> posts = scene.slack.calls("chat.postMessage");
    posts.erase(posts.begin());  // the change-over announcement
    std::stable_partition(posts.begin(), posts.end(),
                          [](const ApiCall& post) { return post.args["channel"] == "C0CREW"; });
    CHECK(posts[0].args["channel"] == "C0CREW");
    CHECK(posts[0].args["text"] == "Outlier digest for 2026-10-29");
    CHECK(posts[1].args["channel"] == "U0ALICE");  // the captain, by DM
    const nlohmann::json& blocks = posts[0].args["blocks"];
    REQUIRE(blocks.is_array());
    CHECK(blocks.size() <= 50);
    const std::string outlier = first_outlier_id(blocks);
    REQUIRE_FALSE(outlier.empty());

    // The captain clicks "Investigate": a modal opens.
    const nlohmann::json click =
        button_click("C0CREW", "U0ALICE", "outliers_ack", outlier, "1.2", "1111.2222.trigger");
    REQUIRE(scene.slack.wait_for_ack(scene.slack.push_envelope(click), 3s));
    REQUIRE(scene.slack.wait_for_calls("views.open", 1, 5s));
    const ApiCall open = scene.slack.calls("views.open").at(0);
    CHECK(open.args["trigger_id"] == "1111.2222.trigger");
    const nlohmann::json view = open.args["view"].is_string() ? nlohmann::json::parse(open.args["view"].get<std::string>())
                                                                : open.args["view"];
    CHECK(view["callback_id"] == "outliers_ack_modal");

    auto submission = [&](const std::string& cause) {
        return nlohmann::json{
            {"type", "interactive"},
            {"payload",
             {{"type", "view_submission"},
              {"user", {{"id", "U0ALICE"}}},
              {"team", {{"id", "T0FAKE"}}},
              {"view",
               {{"callback_id", "outliers_ack_modal"},
                {"private_metadata", view["private_metadata"]},
                {"state",
                 {{"values",
                   {{"owner", {{"owner", {{"type", "users_select"}, {"selected_user", "U0BOB"}}}}},
                    {"cause", {{"cause", {{"type", "plain_text_input"}, {"value", cause}}}}}}}}}}}}}};
    };
    // An empty cause keeps the modal open with the error next to the field.
    const auto refused = scene.slack.wait_for_ack(scene.slack.push_envelope(submission("   ")), 3s);
    REQUIRE(refused);
    CHECK(refused->payload["response_action"] == "errors");
    CHECK(refused->payload["errors"].contains("cause"));

    const auto accepted = scene.slack.wait_for_ack(
        scene.slack.push_envelope(submission("Billing outage <2h> & retries")), 3s);
    REQUIRE(accepted);
    CHECK(accepted->payload.is_null());  // closes the modal
    REQUIRE(scene.slack.wait_for_calls("chat.postMessage", 4, 10s));
    const std::string announcement = scene.slack.calls("chat.postMessage").at(3).args["text"];
    CHECK_THAT(announcement, Catch::Contains("opened an investigation") && Catch::Contains(outlier) &&
                                 Catch::Contains("<@U0BOB>") &&
                                 Catch::Contains("Billing outage &lt;2h&gt; &amp; retries"));

    // A cause is saved as typed: one double quote in it is text, not the start of a quoted word.
    const auto quoted = scene.slack.wait_for_ack(
        scene.slack.push_envelope(submission("Vendor said \"fixed")), 3s);
    REQUIRE(quoted);
    CHECK(quoted->payload.is_null());
    REQUIRE(scene.slack.wait_for_calls("chat.postMessage", 5, 10s));
    CHECK_THAT(scene.slack.calls("chat.postMessage").at(4).args["text"].get<std::string>(),
               Catch::Contains("updated an investigation") &&
                   Catch::Contains("cause: Vendor said \"fixed"));
}
