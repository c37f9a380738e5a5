// Who may do what, end to end: the real bot asks the fake Slack (users.info, auth.test,
// usergroups.users.list) who people are, and admins come from Slack's roles and
// RITUALBOT_ADMINS, never from being first. The fake's workspace: Ana owns it; Ben, Chloé, Dev
// and Emeka are members (Ben is in @support-captain); Gus is a guest and Xena an admin of
// another team (a Slack Connect user).

#include "bot_fixture.hpp"
#include "slack_payloads.hpp"

#include <thread>

using namespace ritualbot::testing;
using Catch::Contains;
using Catch::StartsWith;

namespace {

FakeSlackOptions workspace_with_guests() {
    FakeSlackOptions options;
    using ritualbot::emulator::Role;
    options.workspace.people.push_back({"U0GUS", "Gus", "gus", "D0GUS", Role::guest});
    options.workspace.people.push_back(
        {"U0XENA", "Xena", "xena", "D0XENA", Role::admin, "T0OTHER"});
    return options;
}

// Starts the bot with these RITUALBOT_ADMINS and waits for its socket.
FakeSlack& start_with_admins(BotFixture& scene, const std::string& admins) {
    scene.start({{"RITUALBOT_ADMINS", admins}});
    REQUIRE(scene.slack.wait_for_connections(1, 20s));
    return scene.slack;
}

std::string reply(FakeSlack& slack, const std::string& command, const std::string& text,
                  const std::string& user) {
    const auto ack =
        slack.wait_for_ack(slack.push_slash_command(command, text, "C0CREW", user), 3s);
    REQUIRE(ack);
    return ack->payload.value("text", "");
}

// The request id on a swap question's Accept button.
std::string accept_value(const nlohmann::json& message) {
    for (const auto& block : message.value("blocks", nlohmann::json::array())) {
        for (const auto& element : block.value("elements", nlohmann::json::array())) {
            if (element.value("action_id", "") == "captain_swap_accept")
                return element.value("value", "");
        }
    }
    FAIL("no Accept button in " << message.dump());
    return {};
}

}  // namespace

TEST_CASE(
    "a workspace admin acts with no bootstrap - a guest and a listed external user are refused") {
    BotFixture scene(workspace_with_guests());
    INFO(scene.log());
    // Xena is listed, but she belongs to another workspace.
    FakeSlack& slack = start_with_admins(scene, "U0XENA");

    // Before any admin has acted, a refusal says exactly where admins come from.
    CHECK(reply(slack, "/captain", "add <@U0XENA|xena>", "U0XENA") ==
          "Sorry, guests and people from other workspaces cannot change the roster. No admin is "
          "known here yet: ask a workspace admin, or set RITUALBOT_ADMINS.");
    CHECK(reply(slack, "/captain", "add <@U0BEN|ben>", "U0BEN") ==
          "Sorry, only admins can change the roster. No admin is known here yet: ask a "
          "workspace admin, or set RITUALBOT_ADMINS.");

    // Ana owns the workspace: she needs nobody's leave and does not become a channel admin.
    CHECK_THAT(reply(slack, "/captain", "add <@U0ANA|ana> <@U0BEN|ben>", "U0ANA"),
               StartsWith("Added <@U0ANA>, <@U0BEN>"));
    CHECK_THAT(reply(slack, "/ritual", "admins", "U0BEN"),
               StartsWith("Channel admins: nobody yet."));

    // The guest tries to make himself admin; the refusal names who can.
    CHECK(reply(slack, "/ritual", "admins add <@U0GUS|gus>", "U0GUS") ==
          "Sorry, guests and people from other workspaces cannot change the channel admins. Ask "
          "<@U0ANA> or a workspace admin.");
    CHECK_THAT(
        reply(slack, "/ritual", "admins add <@U0GUS|gus>", "U0ANA"),
        Contains("<@U0GUS> is a guest or from another workspace, and they are never admins"));
    CHECK_THAT(reply(slack, "/ritual", "admins", "U0ANA"),
               StartsWith("Channel admins: nobody yet."));
    CHECK_THAT(reply(slack, "/captain", "roster", "U0GUS"), !Contains("U0GUS"));

    // Slack's answers are cached: the second command of the same person asks nothing again.
    const auto asked = slack.calls("users.info").size();
    reply(slack, "/captain", "add <@U0BEN|ben>", "U0ANA");
    CHECK(slack.calls("users.info").size() == asked);
    CHECK(slack.calls("auth.test").size() >= 1);
}

TEST_CASE("an admin who is not in a user group cannot hand it to the captain") {
    BotFixture scene;
    INFO(scene.log());
    FakeSlack& slack = start_with_admins(scene, "");
    const std::string group = "<!subteam^S0CAPTAIN|@support-captain>";

    CHECK_THAT(reply(slack, "/ritual", "admins add <@U0DEV|dev> <@U0BEN|ben>", "U0ANA"),
               StartsWith("Added <@U0DEV>, <@U0BEN> as channel admins."));
    CHECK_THAT(reply(slack, "/captain", "config usergroup " + group, "U0EMEKA"),
               StartsWith("Sorry, only admins can change the channel's settings."));
    CHECK(reply(slack, "/captain", "config usergroup " + group, "U0DEV") ==
          "Sorry, only a workspace admin, or an admin who is in " + group + ", can give " + group +
              " to the captain: the bot replaces its members at every change-over. Ask "
              "<@U0BEN>, <@U0ANA> or a workspace admin.");
    CHECK(reply(slack, "/captain", "config usergroup " + group, "U0BEN") ==
          "<@U0BEN> set `captain.usergroup` to " + group +
              ". At every change-over its members (now <@U0BEN>) are replaced by the captain.");
    CHECK(slack.calls("usergroups.users.list").size() >= 1);
}

TEST_CASE("a swap asked by a third person waits for both to accept in a DM") {
    BotFixture scene;
    INFO(scene.log());
    FakeSlack& slack = start_with_admins(scene, "");

    CHECK_THAT(reply(slack, "/captain", "add <@U0ANA|ana> <@U0BEN|ben> <@U0CHLOE|chloe>", "U0ANA"),
               StartsWith("Added"));
    const std::string before = reply(slack, "/captain", "schedule 4", "U0EMEKA");
    CHECK(reply(slack, "/captain", "swap <@U0BEN|ben> <@U0CHLOE|chloe>", "U0EMEKA") ==
          "I asked <@U0BEN> and <@U0CHLOE> to accept the swap in a DM; I will tell you when they "
          "answer. (An admin's swap needs nobody's consent.)");
    CHECK(reply(slack, "/captain", "schedule 4", "U0EMEKA") == before);

    const auto to_ben = wait_for_messages(slack, "D0BEN", 1, 10s);
    const auto to_chloe = wait_for_messages(slack, "D0CHLOE", 1, 10s);
    REQUIRE(to_ben.size() == 1);
    REQUIRE(to_chloe.size() == 1);
    CHECK_THAT(to_ben[0].value("text", ""), StartsWith("<@U0EMEKA> asks to swap captain shifts"));

    const std::size_t posted = slack.messages("C0CREW").size();
    slack.push_envelope(
        button_click("D0BEN", "U0BEN", "captain_swap_accept", accept_value(to_ben[0]), "1.000100"));
    slack.push_envelope(button_click("D0CHLOE", "U0CHLOE", "captain_swap_accept",
                                     accept_value(to_chloe[0]), "1.000200"));
    const auto announced = wait_for_messages(slack, "C0CREW", posted + 1, 10s);
    REQUIRE(announced.size() == posted + 1);
    CHECK_THAT(announced.back().value("text", ""),
               StartsWith("Swapped: <@U0CHLOE> takes") && Contains("and <@U0BEN> takes"));
    const auto told = wait_for_messages(slack, "D0EMEKA", 1, 10s);
    REQUIRE(told.size() == 1);
    CHECK_THAT(told[0].value("text", ""), StartsWith("<@U0CHLOE> accepted. Swapped:"));
    CHECK_THAT(reply(slack, "/captain", "schedule 4", "U0EMEKA"), Contains("(swap)"));
    // Each question is answered in place: its buttons go. The edit travels in its own DM's
    // lane, so it may land after the requester's DM.
    const auto without_buttons = [&](const std::string& dm) {
        return eventually(
            [&] {
                const auto question = slack.messages(dm);
                return question.size() == 1 &&
                       question[0].dump().find("captain_swap_accept") == std::string::npos;
            },
            10s);
    };
    CHECK(without_buttons("D0BEN"));
    CHECK(without_buttons("D0CHLOE"));
}

TEST_CASE("only the owner of an improvement or an admin marks it done") {
    BotFixture scene;
    INFO(scene.log());
    FakeSlack& slack = start_with_admins(scene, "");

    CHECK_THAT(reply(slack, "/suggest", "Macro for refunds", "U0BEN"), Contains("Added *#1*"));
    CHECK_THAT(reply(slack, "/suggest", "open", "U0ANA"), !Contains("Sorry"));
    const auto ballot = wait_for_messages(slack, "C0CREW", 1, 10s);
    REQUIRE(ballot.size() == 1);
    std::string value;
    for (const auto& block : ballot[0].value("blocks", nlohmann::json::array())) {
        if (block.contains("accessory")) value = block["accessory"].value("value", "");
    }
    REQUIRE_FALSE(value.empty());
    slack.push_envelope(button_click("C0CREW", "U0DEV", "suggest_vote", value, "1.000300"));
    REQUIRE(slack.wait_for_calls("chat.postEphemeral", 1, 10s));
    CHECK_THAT(reply(slack, "/suggest", "close", "U0ANA"), !Contains("Sorry"));

    CHECK(reply(slack, "/suggest", "done 1", "U0DEV") ==
          "Sorry, only <@U0BEN> (its owner) or an admin can mark as done #1. Ask <@U0ANA> or a "
          "workspace admin.");
    CHECK_THAT(reply(slack, "/suggest", "done 1 shipped", "U0BEN"),
               StartsWith(":white_check_mark: Done"));
}
