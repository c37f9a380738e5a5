#include "commands/ritual/ritual_command.hpp"

#include <catch2/catch.hpp>

#include "support/slash_command.hpp"

namespace rc = ritualbot::commands;
using Catch::Contains;
using ritualbot::test::slash_command;
using namespace std::chrono;

namespace {

rc::Reply noop(const rc::Request&, const rc::Args&, rc::Context&) { return {}; }

// The real table plus a stand-in for a ritual that is not written yet.
struct Fixture {
    rc::ManualClock clock{sys_days{2026y / November / 27} + 9h};
    rc::Context context{nullptr, clock};
    // /ritual alone, so the stand-in /captain below does not clash with the real one.
    rc::CommandTable table = [] {
        rc::CommandTable t;
        t.add(rc::make_ritual_command());
        return t;
    }();

    rc::Reply ritual(std::string text) {
        return table.dispatch(slash_command("/ritual", std::move(text)), context);
    }
    void add_captain() {
        table.add({.name = "/captain",
                   .summary = "Who is captain, and the rotation",
                   .subcommands = {{"who", "who", "Who is captain today", noop},
                                   {"swap", "swap @a @b", "Swap two shifts", noop}}});
    }
};

}  // namespace

TEST_CASE("make_command_table registers /ritual", "[ritual]") {
    const rc::CommandTable table = rc::make_command_table();
    REQUIRE(table.find("/ritual") != nullptr);
    CHECK(table.find("/ritual")->default_subcommand == "help");
}

TEST_CASE("/ritual help lists every command with its usage lines", "[ritual][help]") {
    Fixture f;
    f.add_captain();
    for (const std::string text : {"help", "", "Help"}) {
        INFO("text: " << text);
        const rc::Reply reply = f.ritual(text);
        CHECK(reply.visibility == rc::Visibility::ephemeral);
        CHECK(reply.text == f.table.help());
        CHECK_THAT(reply.text, Contains("*/ritual* — Help for every ritual in this channel"));
        CHECK_THAT(reply.text, Contains("• `/ritual help [command]` — List the commands"));
        CHECK_THAT(reply.text, Contains("*/captain* — Who is captain, and the rotation"));
        CHECK_THAT(reply.text, Contains("• `/captain swap @a @b` — Swap two shifts"));
        CHECK_THAT(reply.text, Contains("• `/captain help` — Show this help"));
    }
}

TEST_CASE("/ritual help shows one command, with or without the slash", "[ritual][help]") {
    Fixture f;
    f.add_captain();
    for (const std::string text : {"help /captain", "help captain", "help CAPTAIN"}) {
        INFO("text: " << text);
        const rc::Reply reply = f.ritual(text);
        CHECK(reply.text == f.table.help("/captain"));
        CHECK_THAT(reply.text, !Contains("/ritual"));
    }
    CHECK(f.ritual("help ritual").text == f.table.help("/ritual"));
}

TEST_CASE("/ritual help for an unknown command names the ones that exist", "[ritual][help]") {
    Fixture f;
    f.add_captain();
    const rc::Reply reply = f.ritual("help /suggest");
    CHECK(reply.visibility == rc::Visibility::ephemeral);
    CHECK(reply.text ==
          "\"/suggest\" is not a command here. Commands: `/ritual`, `/captain`.\n"
          "Usage: `/ritual help [command]`");
    CHECK_THAT(f.ritual("help <@U1>").text, Contains("\"<@U1>\" is not a command here"));
    CHECK_THAT(f.ritual("help a b").text, Contains("at most one command name"));
}

TEST_CASE("/ritual config checks its grammar before it needs the database", "[ritual]") {
    Fixture f;
    const rc::Reply reply = f.ritual("config frobnicate");
    CHECK(reply.visibility == rc::Visibility::ephemeral);
    CHECK_THAT(reply.text, Contains("Usage: `/ritual config show | set KEY VALUE | metric METRIC`") &&
                               Contains("`captain.period`"));
    CHECK_THAT(f.ritual("config set tz Mars/Base").text, Contains("is not a time zone"));
    CHECK(f.ritual("config set tz UTC").text == "Settings need the database.");
    CHECK(f.ritual("config show").text == "Settings need the database.");
    CHECK(f.ritual("admins").text == "Channel admins need the database.");
    CHECK(f.ritual("leave").text == "Leaving and joining need the database.");
}
