// An incident review end to end, through the fake Slack: `/incident new` opens the review form,
// its submission saves a draft, a second person adds to its timeline with `/incident note`, a
// third who opted out of thanks adds her message with the "Add to incident timeline" shortcut,
// and `/incident publish` posts the review thanking the first two by name and not the third.

#include "bot_fixture.hpp"

using namespace ritualbot::testing;
using Catch::Contains;

namespace {

// The ack text of a slash command `user` types in the crew's channel.
std::string reply(FakeSlack& slack, const std::string& command, const std::string& text,
                  const std::string& user) {
    return command_in(slack, "C0CREW", command, text, user);
}

nlohmann::json typed(const std::string& text) {
    return {{"text", {{"type", "plain_text_input"}, {"value", text}}}};
}

}  // namespace

TEST_CASE("an incident goes from new to publish with its contributors thanked") {
    BotFixture scene;
    scene.start_connected();
    INFO(scene.log());
    FakeSlack& slack = scene.slack;

    CHECK_THAT(reply(slack, "/incident", "new Refund emails sent twice", "U0ANA"),
               Contains("Opening the review form"));
    REQUIRE(slack.wait_for_calls("views.open", 1, 10s));
    const auto opened = slack.calls("views.open")[0];
    REQUIRE(opened.response.value("ok", false));
    const nlohmann::json view = opened.response["view"];
    CHECK(view["callback_id"] == "incident_review_modal");
    CHECK(view["blocks"][1]["element"]["initial_value"] == "Refund emails sent twice");

    const auto submitted =
        page(slack, "/ui/submit",
             {{"user", "U0ANA"},
              {"view_id", view["id"]},
              {"values",
               {{"incident_title", typed("Refund emails sent twice")},
                {"incident_summary", typed("A retry re-sent refund emails for two hours.")},
                {"incident_timeline", typed("09:40 First ticket\n10:05 Retries spotted")},
                {"incident_countermeasures", typed("Add a dedupe check")}}}});
    const auto closed = slack.wait_for_ack(submitted.value("envelope_id", ""), 5s);
    REQUIRE(closed);
    CHECK(closed->payload.is_null());
    REQUIRE(slack.wait_for_calls("chat.postMessage", 1, 10s));
    CHECK_THAT(slack.calls("chat.postMessage")[0].args.value("text", ""),
               Contains("opened the incident review #1"));

    CHECK_THAT(reply(slack, "/incident", "note 1 Paused the retries", "U0BEN"),
               Contains("Added to the timeline of #1"));
    CHECK_THAT(reply(slack, "/ritual", "me thanks off", "U0CHLOE"), Contains("will not name you"));
    // Chloé adds her own message through the message shortcut: its words, author and link.
    const auto sent =
        page(slack, "/ui/send",
             {{"user", "U0CHLOE"}, {"channel", "C0CREW"}, {"text", "Wrote the macro"}});
    const std::string ts = sent.value("ts", "");
    REQUIRE_FALSE(ts.empty());
    const auto shortcut = page(slack, "/ui/shortcut",
                               {{"user", "U0CHLOE"},
                                {"channel", "C0CREW"},
                                {"ts", ts},
                                {"callback_id", "incident_timeline_note"}});
    REQUIRE(slack.wait_for_ack(shortcut.value("envelope_id", ""), 5s));
    // The shortcut's answer goes to its response_url, to Chloé only.
    REQUIRE(slack.wait_for_calls("response_url", 1, 10s));
    const nlohmann::json answer = slack.calls("response_url")[0].args;
    CHECK(answer.value("response_type", "") == "ephemeral");
    CHECK_THAT(answer.value("text", ""), Contains("Added to the timeline of #1"));

    CHECK_THAT(reply(slack, "/incident", "publish 1", "U0DEV"), Contains("Sorry"));
    CHECK_THAT(reply(slack, "/incident", "publish 1", "U0ANA"), Contains("Published #1"));
    REQUIRE(slack.wait_for_calls("chat.postMessage", 2, 10s));
    const std::string blocks = slack.calls("chat.postMessage")[1].args["blocks"].dump();
    INFO(blocks);
    CHECK_THAT(blocks, Contains("Incident review #1: Refund emails sent twice") &&
                           Contains("Paused the retries") && Contains("Wrote the macro") &&
                           Contains("Thanks to <@U0ANA> and <@U0BEN> for contributing"));
    CHECK(blocks.find("<@U0CHLOE> for contributing") == std::string::npos);
    std::string link =
        "Wrote the macro — <@U0CHLOE> (<https://fakecrew.slack.com/archives/C0CREW/p";
    link += std::string(ts).erase(ts.find('.'), 1);
    CHECK_THAT(blocks, Contains(link));
    CHECK_THAT(reply(slack, "/suggest", "status", "U0BEN"), Contains("Add a dedupe check"));
}
