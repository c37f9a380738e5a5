// Every command from wherever the person is, end to end: `@ritualbot captain who` in a channel,
// the same words in a DM with the bot (message.im) acting on the person's crew, and, with two
// crews, the question with a button per crew, the click and the answer in the DM. The fake's
// workspace: Ana and Ben (DM D0BEN) are members; Alice is the admin from RITUALBOT_ADMINS.

#include "bot_fixture.hpp"
#include "slack_payloads.hpp"

using namespace ritualbot::testing;
using Catch::Contains;

namespace {

// "words" typed by Ben in his DM with the bot.
nlohmann::json ben_writes(const std::string& words, const std::string& ts) {
    return {{"type", "message"}, {"channel", "D0BEN"}, {"channel_type", "im"}, {"user", "U0BEN"},
            {"text", words},     {"ts", ts},           {"event_ts", ts}};
}

// The value of the "Run it there" button for `channel` in a message's blocks.
std::string crew_button(const nlohmann::json& message, const std::string& channel) {
    for (const auto& block : message.value("blocks", nlohmann::json::array())) {
        const auto text = block.find("text");
        if (text != block.end() && text->value("text", "") == "<#" + channel + ">")
            return block["accessory"].value("value", "");
    }
    FAIL("no button for " << channel << " in " << message.dump());
    return {};
}

}  // namespace

TEST_CASE("captain who from a channel mention and from a DM with one or two crews") {
    BotFixture scene;
    scene.start_with_crew();
    INFO(scene.log());
    FakeSlack& slack = scene.slack;

    // In a channel: the first word picks the command, answered in the mention's thread.
    const std::size_t before = slack.messages("C0CREW").size();  // the roster's announcement
    slack.push_event(mention("captain who", "1700000001.000100"), "EvMention1");
    const auto crew_posts = wait_for_messages(slack, "C0CREW", before + 1, 10s);
    REQUIRE(crew_posts.size() == before + 1);
    CHECK_THAT(crew_posts.back().value("text", ""), Contains("> is captain (since"));
    CHECK(crew_posts.back().value("thread_ts", "") == "1700000001.000100");

    // In a DM, the same words act on Ben's only crew.
    slack.push_event(ben_writes("captain who", "1700000002.000100"), "EvDM1");
    auto dm = wait_for_messages(slack, "D0BEN", 1, 10s);
    REQUIRE(dm.size() == 1);
    CHECK_THAT(dm[0].value("text", ""), Contains("> is captain (since"));

    // With a second crew, the DM asks which one.
    command_in(slack, "C0NIGHT", "/captain", "add <@U0BEN|ben>");
    slack.push_event(ben_writes("captain who", "1700000003.000100"), "EvDM2");
    dm = wait_for_messages(slack, "D0BEN", 2, 10s);
    REQUIRE(dm.size() == 2);
    CHECK_THAT(dm[1].value("text", ""), Contains("Which crew"));
    const std::string night = crew_button(dm[1], "C0NIGHT");
    crew_button(dm[1], "C0CREW");

    // The click runs it for the night crew, where Ben alone is on the roster.
    slack.push_envelope(button_click("D0BEN", "U0BEN", "crew_pick", night, "1700000004.000100"));
    dm = wait_for_messages(slack, "D0BEN", 3, 10s);
    REQUIRE(dm.size() == 3);
    CHECK_THAT(dm[2].value("text", ""), Contains("<@U0BEN> is captain"));

    // A slash command typed in the DM asks the same, in its ack.
    const auto ack =
        slack.wait_for_ack(slack.push_slash_command("/captain", "who", "D0BEN", "U0BEN"), 3s);
    REQUIRE(ack);
    CHECK_THAT(ack->payload.value("text", ""), Contains("Which crew"));
    CHECK(crew_button(ack->payload, "C0NIGHT") == night);

    // Someone with no crew is told how to get one, not "Nobody is on the captain roster".
    CHECK_THAT(command_in(slack, "D0DEV", "/captain", "who", "U0DEV"),
               Contains("don't know your crew"));
}
