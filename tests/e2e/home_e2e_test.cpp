// The Home tab end to end: opening it (app_home_opened) makes the bot publish the person's view
// with views.publish through its outbox; the fake Slack keeps it and shows it on its page.
// Opening the Messages tab publishes nothing.

#include "bot_fixture.hpp"

using namespace ritualbot::testing;
using Catch::Contains;

namespace {

nlohmann::json home_opened(const std::string& user, const std::string& tab, const std::string& ts) {
    return {{"type", "app_home_opened"},
            {"user", user},
            {"channel", "D0BEN"},
            {"tab", tab},
            {"event_ts", ts}};
}

}  // namespace

TEST_CASE("opening the Home tab publishes the person's view of their crews") {
    BotFixture scene;
    scene.start_with_crew();
    INFO(scene.log());
    FakeSlack& slack = scene.slack;
    command_in(slack, "C0CREW", "/playbook", "add refunds https://wiki.example/refunds", "U0BEN");

    slack.push_event(home_opened("U0BEN", "messages", "1700000001.000100"), "EvHome0");
    slack.push_event(home_opened("U0BEN", "home", "1700000002.000100"), "EvHome1");
    REQUIRE(slack.wait_for_calls("views.publish", 1, 10s));
    const auto published = slack.calls("views.publish");
    REQUIRE(published.size() == 1);  // the Messages tab asked for nothing
    const ApiCall& call = published[0];
    CHECK(call.response.value("ok", false));
    CHECK(call.args.value("user_id", "") == "U0BEN");
    const nlohmann::json view = call.args["view"].is_string()
                                    ? nlohmann::json::parse(call.args["view"].get<std::string>())
                                    : call.args["view"];
    CHECK(view.value("type", "") == "home");
    const std::string blocks = view["blocks"].dump();
    CHECK_THAT(blocks, Contains("*Captains*\\n• <#C0CREW>:"));
    CHECK_THAT(blocks, Contains("Your next shifts") || Contains("*you* are captain today"));
    CHECK_THAT(blocks, Contains("<https://wiki.example/refunds|refunds> in <#C0CREW>"));

    // The sandbox page's Home tab: the same event, and the view it shows.
    const auto earlier = slack.page_events();
    const long long seen = earlier.empty() ? 0 : earlier.back().value("seq", 0LL);
    const auto answer = slack.page_request("POST", "/ui/home", R"({"user":"U0BEN"})");
    CHECK(answer.status == 200);
    const auto shown = slack.wait_for_page_event(
        [](const nlohmann::json& e) { return e.value("type", "") == "home"; }, 10s, seen);
    REQUIRE(shown);
    CHECK((*shown)["user"] == "U0BEN");
    CHECK_THAT((*shown)["view"]["blocks"].dump(), Contains("Procedures you own"));
}
