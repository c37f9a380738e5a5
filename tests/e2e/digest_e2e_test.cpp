// The morning digest end to end: generated tickets imported, the digest posted at 09:15 (15
// minutes after the change-over) to the channel and the captain, and an outlier investigated
// through the button and its modal.

#include "bot_fixture.hpp"
#include "slack_payloads.hpp"
#include "generated_tickets.hpp"

#include <algorithm>

using namespace ritualbot::testing;

namespace {

constexpr long long kFridayEight = 1793347200;         // 2026-10-30 08:00 UTC
constexpr long long kFridayChangeover = 1793350800;    // 09:00:00, the captain change-over
constexpr long long kFridayDigestTime = 1793351730;    // 09:15:30, just after the digest time

// The value of the first outlier button in a Block Kit message: it names the channel and the
// outlier ({"channel":…,"outlier":…}), so a click in the DM copy finds the crew's outlier.
std::string first_button_value(const nlohmann::json& blocks) {
    for (const auto& block : blocks) {
        if (block.contains("accessory") && block["accessory"].value("action_id", "") == "outliers_ack")
            return block["accessory"].value("value", "");
    }
    return {};
}

}  // namespace

TEST_CASE("the 09:15 digest reaches channel and captain - its button records an investigation") {
    BotFixture scene;
    // 90 days of a crew's tickets (Aug 1 – Oct 29 2026) with planted anomalies on the last day.
    import_generated(scene, {});

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
    const std::string value = first_button_value(blocks);
    CHECK(first_button_value(posts[1].args["blocks"]) == value);  // the DM copy's button
    const std::string outlier = nlohmann::json::parse(value, nullptr, false).value("outlier", "");
    REQUIRE_FALSE(outlier.empty());

    // The captain clicks "Owner & cause" in the DM copy (a D… channel, not the crew's): the form
    // opens for the crew's outlier.
    const nlohmann::json click =
        button_click("D0ALICE", "U0ALICE", "outliers_ack", value, "1.2", "1111.2222.trigger");
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

    // The form with only the owner hands the investigation over (the cause stays) and the new
    // owner gets a direct message with the outlier and its button.
    const auto handed = scene.slack.wait_for_ack(scene.slack.push_envelope(submission("   ")), 3s);
    REQUIRE(handed);
    CHECK(handed->payload.is_null());
    REQUIRE(scene.slack.wait_for_calls("chat.postMessage", 7, 10s));
    const auto all = scene.slack.calls("chat.postMessage");
    const auto to = [&](const std::string& channel) {
        for (std::size_t i = 5; i < all.size(); ++i) {
            if (all[i].args["channel"] == channel) return all[i];
        }
        return ApiCall{};
    };
    CHECK_THAT(to("C0CREW").args["text"].get<std::string>(),
               Catch::Contains("asked <@U0BOB> to investigate `" + outlier + "`"));
    CHECK(first_button_value(to("U0BOB").args["blocks"]) == value);
}

TEST_CASE("Monday's digest shows Friday's outlier - assign then cause makes one investigation") {
    // Friday 27 Nov and Monday 30 Nov 2026 (UTC): 08:00, then 09:15:30, just after the digest.
    constexpr long long kFriday = 1795766400;
    constexpr long long kFridayDigest = 1795770930;
    constexpr long long kMonday = 1796025600;
    constexpr long long kMondayDigest = 1796030130;
    BotFixture scene;
    ritualbot::commands::GeneratorOptions options;  // the anomalies are planted on Friday
    options.first_day = std::chrono::year_month_day{std::chrono::sys_days{
        std::chrono::year{2026} / std::chrono::November / 27} - std::chrono::days{options.days - 1}};
    import_generated(scene, options);

    const std::string clock_file = scene.dir + "/clock";
    set_clock(clock_file, kFriday);
    scene.start({{"RITUALBOT_TEST_CLOCK_FILE", clock_file}});
    INFO(scene.log());
    REQUIRE(scene.slack.wait_for_connections(1, 20s));
    command_in(scene.slack, "C0CREW", "/captain", "add <@U0ALICE> <@U0BOB>");
    set_clock(clock_file, kFridayDigest);  // Friday's digest covers Thursday
    const auto digest_posts = [&] {
        std::vector<ApiCall> found;
        for (const ApiCall& call : scene.slack.calls("chat.postMessage")) {
            if (call.args.value("channel", "") == "C0CREW" &&
                call.args.value("text", "").starts_with("Outlier digest for"))
                found.push_back(call);
        }
        return found;
    };
    REQUIRE(eventually([&] { return digest_posts().size() == 1; }, 15s));
    CHECK(digest_posts()[0].args["text"] == "Outlier digest for 2026-11-26");

    set_clock(clock_file, kMonday);
    set_clock(clock_file, kMondayDigest);
    REQUIRE(eventually([&] { return digest_posts().size() == 2; }, 15s));
    const ApiCall monday = digest_posts()[1];
    CHECK(monday.args["text"] == "Outlier digest for 2026-11-27 to 2026-11-29");
    const std::string value = first_button_value(monday.args["blocks"]);
    const std::string outlier = nlohmann::json::parse(value, nullptr, false).value("outlier", "");
    CHECK_THAT(outlier, Catch::StartsWith("o-2026-11-27-"));  // Friday's, listed first
    REQUIRE_FALSE(outlier.empty());

    // Alice names Bob to investigate; Bob gets the outlier and its button by DM.
    const std::size_t before = scene.slack.calls("chat.postMessage").size();
    CHECK_THAT(command_in(scene.slack, "C0CREW", "/outliers", "assign " + outlier + " <@U0BOB|bob>"),
               Catch::Contains("asked <@U0BOB> to investigate `" + outlier + "`"));
    REQUIRE(eventually(
        [&] {
            const auto posts = scene.slack.calls("chat.postMessage");
            return std::any_of(posts.begin() + static_cast<std::ptrdiff_t>(before), posts.end(),
                               [&](const ApiCall& post) {
                                   return post.args.value("channel", "") == "U0BOB" &&
                                          first_button_value(post.args["blocks"]) == value;
                               });
        },
        10s));
    // Bob finds the cause a day later; the investigation then shows both.
    CHECK_THAT(command_in(scene.slack, "C0CREW", "/outliers",
                          "cause " + outlier + " Friday's release broke SSO", "U0BOB"),
               Catch::Contains("Friday's release broke SSO"));
    CHECK_THAT(command_in(scene.slack, "C0CREW", "/outliers", "2026-11-29"),
               Catch::Contains("`" + outlier + "`") && Catch::Contains("owner <@U0BOB>") &&
                   Catch::Contains("cause: Friday") && Catch::Contains("release broke SSO"));
}
