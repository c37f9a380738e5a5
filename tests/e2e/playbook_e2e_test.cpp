// The playbook end to end, through the fake Slack: a procedure added with /playbook, a
// suggestion whose #procedure links to it (and a near miss told what was meant), a recorded
// change, customer voice kept through the message shortcut and its form, and /playbook show
// listing it all.

#include "bot_fixture.hpp"

using namespace ritualbot::testing;
using Catch::Contains;

namespace {

nlohmann::json ack_of(FakeSlack& slack, const std::string& command, const std::string& text,
                      const std::string& user = "U0ANA") {
    const auto ack =
        slack.wait_for_ack(slack.push_slash_command(command, text, "C0CREW", user), 5s);
    REQUIRE(ack);
    return ack->payload;
}

}  // namespace

TEST_CASE("a procedure gathers its suggestion - its change and its customer voice on show") {
    BotFixture scene;
    scene.start_connected();
    INFO(scene.log());
    FakeSlack& slack = scene.slack;

    const auto added =
        ack_of(slack, "/playbook", "add refunds <https://docs.example/refunds> — How we refund");
    CHECK(added.value("response_type", "") == "in_channel");
    CHECK_THAT(added.value("text", ""), Contains("added `refunds` to the playbook"));

    CHECK_THAT(ack_of(slack, "/suggest", "Checklist for credits #refunds", "U0BEN").value("text", ""),
               Contains("linked to the playbook's procedure `#refunds`"));
    CHECK_THAT(ack_of(slack, "/suggest", "Faster credits #refund", "U0BEN").value("text", ""),
               Contains("Did you mean #refunds?"));
    CHECK_THAT(ack_of(slack, "/playbook", "changed refunds Second approver above 100 EUR")
                   .value("text", ""),
               Contains("changed the procedure `refunds`"));

    // A customer's words in the channel, kept through the message shortcut.
    const auto posted = page(slack, "/ui/send",
                             {{"user", "U0CHLOE"},
                              {"channel", "C0CREW"},
                              {"text", "Customer: third time I ask for my refund <sigh>"}});
    const std::string ts = posted.value("ts", "");
    REQUIRE_FALSE(ts.empty());
    const auto shortcut = page(slack, "/ui/shortcut",
                               {{"user", "U0ANA"},
                                {"channel", "C0CREW"},
                                {"ts", ts},
                                {"callback_id", "playbook_customer_voice"}});
    REQUIRE(slack.wait_for_ack(shortcut.value("envelope_id", ""), 5s));
    REQUIRE(slack.wait_for_calls("views.open", 1, 10s));
    const auto opened = slack.calls("views.open")[0];
    REQUIRE(opened.response.value("ok", false));
    const nlohmann::json view = opened.response["view"];
    CHECK(view["callback_id"] == "playbook_voice_modal");
    const nlohmann::json option = view["blocks"][0]["element"]["options"][0];
    CHECK(option["text"]["text"] == "refunds");
    CHECK(view["blocks"][1]["element"]["initial_value"] ==
          "Customer: third time I ask for my refund <sigh>");

    const auto submitted = page(
        slack, "/ui/submit",
        {{"user", "U0ANA"},
         {"view_id", view["id"]},
         {"values",
          {{"voice_procedure",
            {{"procedure", {{"type", "static_select"}, {"selected_option", option}}}}},
           {"voice_text",
            {{"text",
              {{"type", "plain_text_input"}, {"value", "Third time I ask for my refund <sigh>"}}}}}}}});
    const auto closed = slack.wait_for_ack(submitted.value("envelope_id", ""), 5s);
    REQUIRE(closed);
    CHECK(closed->payload.is_null());
    REQUIRE(slack.wait_for_calls("chat.postEphemeral", 1, 10s));
    CHECK_THAT(slack.calls("chat.postEphemeral")[0].args.value("text", ""),
               Contains("Kept as customer voice of `refunds`"));

    const auto shown = ack_of(slack, "/playbook", "show Refunds", "U0DEV");
    CHECK(shown.value("response_type", "") == "ephemeral");
    REQUIRE(shown.contains("blocks"));
    const std::string blocks = shown["blocks"].dump();
    INFO(blocks);
    std::string permalink = "<https://fakecrew.slack.com/archives/C0CREW/p";
    permalink += std::string(ts).erase(ts.find('.'), 1);
    permalink += "|message>";
    CHECK_THAT(blocks, Contains("How we refund") && Contains("<https://docs.example/refunds|open>") &&
                           Contains("Checklist for credits") &&
                           Contains("Second approver above 100 EUR") &&
                           Contains("Third time I ask for my refund &lt;sigh&gt;") &&
                           Contains(permalink));
}
