#include "commands/command_table.hpp"

#include <catch2/catch.hpp>

#include "support/slash_command.hpp"

#include <string>

namespace rc = ritualbot::commands;
using Catch::Contains;
using ritualbot::test::slash_command;
using namespace std::chrono;

namespace {

// Records what the handler saw, so tests assert on dispatch rather than on reply wording.
struct Seen {
    std::string subcommand;
    std::vector<rc::Token> tokens;
    std::string text;
};

rc::Command make_captain(Seen& seen) {
    const auto record = [&seen](const rc::Request&, const rc::Args& args, rc::Context&) {
        seen = {args.subcommand->name, args.tokens, args.text};
        rc::Reply reply;
        reply.visibility = rc::Visibility::in_channel;
        reply.text = "ran " + args.subcommand->name;
        return reply;
    };
    const auto schedule = [](const rc::Request&, const rc::Args& args, rc::Context&) {
        int days = 7;
        if (args.tokens.size() > 1) return rc::usage_error(args, "Give at most one number.");
        if (!args.tokens.empty()) {
            const auto n = rc::parse_int(args.tokens[0].value, 1, 30);
            if (!n) return rc::usage_error(args, n.error());
            days = *n;
        }
        rc::Reply reply;
        reply.text = std::to_string(days) + " days";
        return reply;
    };
    return rc::Command{
        .name = "/captain",
        .summary = "Who is captain, and the rotation",
        .subcommands =
            {
                {"who", "who", "Who is captain today", record},
                {"schedule", "schedule [n]", "The next n shifts (1 to 30)", schedule},
                {"handoff", "handoff TEXT", "Hand off with a note", record},
            },
        .default_subcommand = "who",
    };
}

struct Fixture {
    rc::ManualClock clock{sys_days{2026y / November / 27} + 9h};
    rc::Context context{nullptr, clock};
    Seen seen;
    rc::CommandTable table;

    Fixture() { table.add(make_captain(seen)); }

    rc::Reply run(std::string command, std::string text) {
        return table.dispatch(slash_command(std::move(command), std::move(text)), context);
    }
};

}  // namespace

TEST_CASE("dispatch picks the subcommand and passes the rest", "[dispatch]") {
    Fixture f;
    const rc::Reply reply = f.run("/captain", "handoff  <@U2|bo> has &lt;the&gt; pager");
    CHECK(reply.visibility == rc::Visibility::in_channel);
    CHECK(reply.text == "ran handoff");
    CHECK(f.seen.subcommand == "handoff");
    REQUIRE(f.seen.tokens.size() == 4);
    CHECK(f.seen.tokens[0].kind == rc::TokenKind::user);
    CHECK(f.seen.tokens[0].value == "U2");
    CHECK(f.seen.text == "<@U2|bo> has &lt;the&gt; pager");
}

TEST_CASE("subcommand and command names are case-insensitive", "[dispatch]") {
    Fixture f;
    CHECK(f.run("/captain", "WHO").text == "ran who");
    CHECK(f.run("/captain", "Schedule 3").text == "3 days");
    CHECK(f.run("/Captain", "who").text == "ran who");
}

TEST_CASE("empty text runs the default subcommand", "[dispatch]") {
    Fixture f;
    CHECK(f.run("/captain", "").text == "ran who");
    CHECK(f.run("/captain", "   ").text == "ran who");
    CHECK(f.seen.tokens.empty());
}

TEST_CASE("empty text without a default shows the command's help", "[dispatch]") {
    rc::ManualClock clock{sys_days{2026y / November / 27}};
    rc::Context context{nullptr, clock};
    rc::CommandTable table;
    Seen seen;
    rc::Command captain = make_captain(seen);
    captain.default_subcommand.clear();
    table.add(std::move(captain));
    const rc::Reply reply = table.dispatch(slash_command("/captain", ""), context);
    CHECK(reply.visibility == rc::Visibility::ephemeral);
    CHECK_THAT(reply.text, Contains("`/captain schedule [n]`"));
}

TEST_CASE("every command answers help from its own table", "[dispatch][help]") {
    Fixture f;
    for (const std::string text : {"help", "HELP", " help "}) {
        const rc::Reply reply = f.run("/captain", text);
        CHECK(reply.visibility == rc::Visibility::ephemeral);
        CHECK_THAT(reply.text, Contains("*/captain* — Who is captain, and the rotation"));
        CHECK_THAT(reply.text, Contains("• `/captain who` — Who is captain today"));
        CHECK_THAT(reply.text,
                   Contains("• `/captain schedule [n]` — The next n shifts (1 to 30)"));
        CHECK_THAT(reply.text, Contains("• `/captain help` — Show this help"));
    }
}

TEST_CASE("an unknown subcommand gets an ephemeral reply with the usage", "[dispatch]") {
    Fixture f;
    const rc::Reply reply = f.run("/captain", "frobnicate now");
    CHECK(reply.visibility == rc::Visibility::ephemeral);
    CHECK_THAT(reply.text, Contains("\"frobnicate\" is not a /captain subcommand"));
    CHECK_THAT(reply.text, Contains("`/captain handoff TEXT`"));
    CHECK(f.seen.subcommand.empty());

    // What the user typed is echoed escaped, and a mention stays a mention.
    CHECK_THAT(f.run("/captain", "&lt;b&gt;").text, Contains("\"&lt;b&gt;\" is not a"));
    CHECK_THAT(f.run("/captain", "<@U9>").text, Contains("\"<@U9>\" is not a"));
}

TEST_CASE("an unknown command names itself and lists the ones that exist", "[dispatch]") {
    Fixture f;
    const rc::Reply reply = f.run("/suggest", "more coffee");
    CHECK(reply.visibility == rc::Visibility::ephemeral);
    CHECK_THAT(reply.text, Contains("`/suggest` is not a command"));
    CHECK_THAT(reply.text, Contains("• `/captain` — Who is captain, and the rotation"));
}

TEST_CASE("handlers turn bad arguments into usage errors", "[dispatch]") {
    Fixture f;
    CHECK(f.run("/captain", "schedule").text == "7 days");
    const rc::Reply too_big = f.run("/captain", "schedule 31");
    CHECK(too_big.visibility == rc::Visibility::ephemeral);
    CHECK(too_big.text ==
          "\"31\" is out of range; use a number from 1 to 30\nUsage: `/captain schedule [n]`");
    CHECK_THAT(f.run("/captain", "schedule 1 2").text, Contains("Usage: `/captain schedule [n]`"));
}

TEST_CASE("text the tokenizer cannot read is reported with the usage", "[dispatch]") {
    Fixture f;
    const rc::Reply reply = f.run("/captain", "handoff \"unfinished");
    CHECK(reply.visibility == rc::Visibility::ephemeral);
    CHECK_THAT(reply.text, Contains("never closed"));
    CHECK_THAT(reply.text, Contains("`/captain handoff TEXT`"));
    CHECK(f.seen.subcommand.empty());
}

TEST_CASE("overlong text is refused before parsing", "[dispatch]") {
    Fixture f;
    const rc::Reply reply = f.run("/captain", "handoff " + std::string(5000, 'x'));
    CHECK(reply.visibility == rc::Visibility::ephemeral);
    CHECK_THAT(reply.text, Contains("at most 4000"));
    CHECK(f.seen.subcommand.empty());
}

TEST_CASE("free-text commands can route unknown words to the default", "[dispatch]") {
    rc::ManualClock clock{sys_days{2026y / November / 27}};
    rc::Context context{nullptr, clock};
    Seen seen;
    const auto record = [&seen](const rc::Request&, const rc::Args& args, rc::Context&) {
        seen = {args.subcommand->name, args.tokens, args.text};
        return rc::Reply{};
    };
    rc::CommandTable table;
    table.add({.name = "/suggest",
               .summary = "Drop an improvement idea",
               .subcommands = {{"add", "add TEXT", "Suggest something", record},
                               {"list", "list", "This week's ideas", record}},
               .default_subcommand = "add",
               .default_takes_unknown_words = true});
    table.dispatch(slash_command("/suggest", "more  coffee"), context);
    CHECK(seen.subcommand == "add");
    CHECK(seen.tokens.size() == 2);
    CHECK(seen.text == "more  coffee");
    table.dispatch(slash_command("/suggest", "list"), context);
    CHECK(seen.subcommand == "list");
}

TEST_CASE("help is generated from the table, so it cannot drift", "[help]") {
    Fixture f;
    const auto noop = [](const rc::Request&, const rc::Args&, rc::Context&) { return rc::Reply{}; };
    f.table.add({.name = "/fake",
                 .summary = "A command added by this test",
                 .subcommands = {{"zap", "zap @u [DATE]", "Zap someone <now>", noop}}});

    const std::string all = f.table.help();
    CHECK_THAT(all, Contains("*/captain*"));
    CHECK_THAT(all, Contains("*/fake* — A command added by this test"));
    CHECK_THAT(all, Contains("• `/fake zap @u [DATE]` — Zap someone &lt;now&gt;"));

    const std::string one = f.table.help("fake");
    CHECK(one == f.table.help("/fake"));
    CHECK_THAT(one, Contains("`/fake zap @u [DATE]`"));
    CHECK_THAT(one, !Contains("/captain"));
    CHECK(f.table.help("/nope").empty());

    // The unknown-subcommand reply uses the same lines.
    CHECK_THAT(f.run("/fake", "zip").text, Contains("`/fake zap @u [DATE]`"));
}

TEST_CASE("add rejects duplicates and malformed entries", "[table]") {
    Fixture f;
    const auto noop = [](const rc::Request&, const rc::Args&, rc::Context&) { return rc::Reply{}; };
    Seen seen;
    CHECK_THROWS_AS(f.table.add(make_captain(seen)), std::logic_error);
    CHECK_THROWS_AS(f.table.add({.name = "/CAPTAIN", .summary = "again"}), std::logic_error);
    CHECK_THROWS_AS(f.table.add({.name = "nope", .summary = "no slash"}), std::logic_error);
    CHECK_THROWS_AS(f.table.add({.name = "/a",
                                 .summary = "duplicate subcommand",
                                 .subcommands = {{"x", "x", "", noop}, {"X", "X", "", noop}}}),
                    std::logic_error);
    CHECK_THROWS_AS(f.table.add({.name = "/b",
                                 .summary = "usage does not match the name",
                                 .subcommands = {{"who", "whom", "", noop}}}),
                    std::logic_error);
    CHECK_THROWS_AS(
        f.table.add({.name = "/c", .summary = "no handler", .subcommands = {{"x", "x", "", {}}}}),
        std::logic_error);
    CHECK_THROWS_AS(f.table.add({.name = "/d",
                                 .summary = "missing default",
                                 .subcommands = {{"x", "x", "", noop}},
                                 .default_subcommand = "y"}),
                    std::logic_error);
    CHECK(f.table.commands().size() == 1);
}

TEST_CASE("a request only reads when its subcommand is marked read-only, or nothing runs",
          "[command_table][locks]") {
    const auto noop = [](const rc::Request&, const rc::Args&, rc::Context&) { return rc::Reply{}; };
    rc::CommandTable table;
    table.add(rc::Command{
        .name = "/suggest",
        .summary = "Suggestions",
        .subcommands =
            {
                {"add", "add TEXT", "Add one", noop},
                {"list", "list", "This round's", noop, true},
            },
        .default_subcommand = "add",
        .default_takes_unknown_words = true,
    });
    CHECK(table.resolve(slash_command("/suggest", "list")).read_only());
    CHECK(table.resolve(slash_command("/suggest", "LIST")).read_only());
    CHECK(table.resolve(slash_command("/suggest", "help")).read_only());
    CHECK(table.resolve(slash_command("/nope", "list")).read_only());  // unknown command
    CHECK(table.resolve(slash_command("/suggest", "list \"unclosed")).read_only());  // unreadable
    CHECK(
        table.resolve(slash_command("/suggest", std::string(5000, 'x'))).read_only());  // too long
    CHECK_FALSE(table.resolve(slash_command("/suggest", "add Pair on escalations")).read_only());
    CHECK_FALSE(
        table.resolve(slash_command("/suggest", "Pair on escalations")).read_only());  // default
    CHECK_FALSE(table.resolve(slash_command("/suggest", "")).read_only());             // default

    // The real table: looking is read-only, changing is not.
    const rc::CommandTable real = rc::make_command_table();
    for (const auto& [command, text] :
         std::vector<std::pair<std::string, std::string>>{{"/ritual", "help"},
                                                          {"/captain", "who"},
                                                          {"/captain", "schedule 3"},
                                                          {"/captain", "roster"},
                                                          {"/suggest", "list"},
                                                          {"/suggest", "status"},
                                                          {"/outliers", "causes"}}) {
        INFO(command << " " << text);
        CHECK(real.resolve(slash_command(command, text)).read_only());
    }
    for (const auto& [command, text] :
         std::vector<std::pair<std::string, std::string>>{{"/captain", "add <@U2>"},
                                                          {"/suggest", "Idea"},
                                                          {"/suggest", "open"},
                                                          {"/outliers", "close 3"}}) {
        INFO(command << " " << text);
        CHECK_FALSE(real.resolve(slash_command(command, text)).read_only());
    }
}

TEST_CASE("slow subcommands are the ones reading months of history - a slow writer is refused") {
    const rc::CommandTable real = rc::make_command_table();
    CHECK(real.resolve(slash_command("/outliers", "trend reopen_rate 26")).slow());
    CHECK(real.resolve(slash_command("/outliers", "list 2026-11-01 2026-11-14")).slow());
    CHECK_FALSE(real.resolve(slash_command("/outliers", "")).slow());      // one day's digest
    CHECK_FALSE(real.resolve(slash_command("/outliers", "help")).slow());  // help is never slow
    CHECK_FALSE(real.resolve(slash_command("/captain", "who")).slow());
    CHECK_FALSE(real.resolve(slash_command("/nope", "trend")).slow());

    const auto noop = [](const rc::Request&, const rc::Args&, rc::Context&) { return rc::Reply{}; };
    rc::CommandTable table;
    CHECK_THROWS_WITH(
        table.add(rc::Command{.name = "/x",
                              .subcommands = {{"go", "go", "Writes slowly", noop, false, true}}}),
        Catch::Contains("slow, so it must be read-only"));
}
