#include <catch2/catch.hpp>

#include "captain_fixture.hpp"
#include "commands/captain/captain_swaps.hpp"
#include "storage/audit_log.hpp"

namespace rc = ritualbot::commands;
using Catch::Contains;
using Catch::StartsWith;
using ritualbot::test::CrewFixture;
using ritualbot::test::utc;

namespace {

// U1 sets up a crew of three on Friday 27 Nov 2026 10:00 UTC (the channel is in UTC).
struct Crew : CrewFixture {
    Crew() {
        REQUIRE(captain("add <@U1> <@U2|bo> <@U3>").visibility == rc::Visibility::in_channel);
    }
    std::vector<std::string> actions() {
        std::vector<std::string> out;
        for (const auto& e : ritualbot::storage::AuditLog(db).recent("C0CREW", 100)) {
            out.insert(out.begin(), e.actor + " " + e.action + " " + e.detail);
        }
        return out;
    }
};

}  // namespace

TEST_CASE("an admin from RITUALBOT_ADMINS sets up the crew - every change is audited",
          "[captain]") {
    Crew crew;
    CHECK(crew.actions() == std::vector<std::string>{"U1 captain.roster.add U1",
                                                     "U1 captain.roster.add U2",
                                                     "U1 captain.roster.add U3"});
    CHECK(crew.captain("roster").text ==
          "*Captain roster*, in rotation order:\n1. <@U1>\n2. <@U2>\n3. <@U3>\n");
    CHECK(crew.run("/ritual", "admins").text ==
          "Channel admins: nobody yet. Workspace owners and admins and <@U1> (RITUALBOT_ADMINS) "
          "are admins everywhere; guests and people from other workspaces never are.");
}

TEST_CASE("nobody becomes admin by being first", "[captain][permissions]") {
    CrewFixture crew;
    crew.people.listed.clear();
    const rc::Reply reply = crew.captain("add <@U9>", "U9");
    CHECK(reply.text ==
          "Sorry, only admins can change the roster. No admin is known here yet: ask a "
          "workspace admin, or set RITUALBOT_ADMINS.");
    CHECK(crew.count("SELECT COUNT(*) FROM channel_admins") == 0);
    CHECK(crew.count("SELECT COUNT(*) FROM captain_roster") == 0);
    // A workspace admin needs no bootstrap, and is named to whoever asks next.
    crew.people.set("U7", true);
    CHECK(crew.captain("add <@U9>", "U7").visibility == rc::Visibility::in_channel);
    CHECK(crew.captain("remove <@U9>", "U9").text ==
          "Sorry, only admins can change the roster. Ask <@U7> or a workspace admin.");
}

TEST_CASE("guests and external people are never admins - even when listed", "[captain][permissions]") {
    CrewFixture crew;
    crew.people.listed = {"U1", "U5", "U6"};
    crew.people.set("U5", true, /*guest=*/true);
    crew.people.set("U6", false, false, /*external=*/true);
    crew.people.set("U7", true);
    for (const std::string user : {"U5", "U6"}) {
        INFO(user);
        CHECK(crew.captain("add <@U2>", user).text ==
              "Sorry, guests and people from other workspaces cannot change the roster. Ask "
              "<@U1>, <@U7> or a workspace admin.");
        CHECK_THAT(crew.run("/ritual", "admins add <@" + user + ">").text,
                   Contains("never admins; nothing changed"));
    }
    crew.people.unanswered.insert("U8");
    CHECK_THAT(crew.captain("add <@U2>", "U8").text,
               StartsWith("Sorry, I could not check your role with Slack, so I cannot let you "
                          "change the roster yet"));
    CHECK(crew.count("SELECT COUNT(*) FROM captain_roster") == 0);
}

TEST_CASE("who names today's captain and the next one", "[captain]") {
    Crew crew;
    const rc::Reply reply = crew.captain("who");
    CHECK(reply.visibility == rc::Visibility::ephemeral);
    CHECK(reply.text ==
          "<@U1> is captain (since Fri 27 Nov 09:00, UTC). Next: <@U2> from Mon 30 Nov 09:00.");
    CHECK(crew.captain("").text == reply.text);  // who is the default
}

TEST_CASE("a refused change says who can make it and changes nothing", "[captain][permissions]") {
    Crew crew;
    const auto before = crew.actions();
    for (const std::string text :
         {"add <@U9>", "remove <@U2>", "config tz Europe/Berlin", "holiday add 2026-12-24",
          "skip <@U2>", "away <@U2> 2026-12-01"}) {
        INFO(text);
        const rc::Reply reply = crew.captain(text, "U9");
        CHECK(reply.visibility == rc::Visibility::ephemeral);
        CHECK_THAT(reply.text, StartsWith("Sorry, only admins can") &&
                                   Contains(". Ask <@U1> or a workspace admin."));
    }
    CHECK(crew.captain("add <@U9>", "U9").text ==
          "Sorry, only admins can change the roster. Ask <@U1> or a workspace admin.");
    CHECK(crew.actions() == before);
    // People may change their own shifts without being admins.
    CHECK(crew.captain("away <@U3> 2026-12-01", "U3").visibility == rc::Visibility::in_channel);
}

TEST_CASE("adding someone present or removing someone absent changes nothing", "[captain]") {
    Crew crew;
    const auto before = crew.actions();
    CHECK(crew.captain("add <@U2>").text == "<@U2> is already on the roster. Nothing changed.");
    CHECK(crew.captain("remove <@U7>").text == "<@U7> is not on the roster; nothing changed.");
    CHECK(crew.actions() == before);
    const rc::Reply removed = crew.captain("remove <@U2>");
    CHECK_THAT(removed.text, StartsWith("Removed <@U2> from the captain roster."));
    CHECK_THAT(removed.text, Contains("Next captain: <@U3> from Mon 30 Nov."));
}

TEST_CASE("schedule lists the next shifts, with bounds-checked n", "[captain]") {
    Crew crew;
    const rc::Reply reply = crew.captain("schedule 4");
    CHECK(reply.text ==
          "*Captain schedule* (daily, Mon–Fri, change-over 09:00 UTC)\n"
          "• Fri 27 Nov — <@U1> ← now\n"
          "• Mon 30 Nov — <@U2>\n"
          "• Tue 1 Dec — <@U3>\n"
          "• Wed 2 Dec — <@U1>\n"
          "• Thu 3 Dec — <@U2>\n");
    for (const std::string bad : {"schedule 61", "schedule 0", "schedule many", "schedule 1 2"}) {
        INFO(bad);
        const rc::Reply error = crew.captain(bad);
        CHECK(error.visibility == rc::Visibility::ephemeral);
        CHECK_THAT(error.text, Contains("Usage: `/captain schedule [n]`"));
    }
    CHECK_THAT(crew.captain("schedule 61").text, Contains("use a number from 1 to 60"));
}

TEST_CASE("skip hands the shift to the next in line and the skipper serves next", "[captain]") {
    Crew crew;
    const rc::Reply reply = crew.captain("skip", "U2");
    CHECK(reply.visibility == rc::Visibility::in_channel);
    CHECK(reply.text ==
          "<@U2> skips the shift of Mon 30 Nov; <@U3> takes it. <@U2> is first in "
          "line afterwards.");
    CHECK_THAT(crew.captain("schedule 3").text,
               Contains("• Mon 30 Nov — <@U3> (covering for <@U2>, skipped)\n"
                        "• Tue 1 Dec — <@U2>\n"));
    CHECK_THAT(crew.captain("schedule 3").text, Contains("*Overrides*\n• <@U2> skips 2026-11-30"));
    CHECK_THAT(crew.captain("skip <@U2> 2026-11-30", "U2").text,
               Contains("already skips the shift of 2026-11-30"));
    CHECK(crew.captain("unskip", "U2").text == "<@U2> no longer skips 2026-11-30.");
    CHECK_THAT(crew.captain("schedule 1").text, Contains("• Mon 30 Nov — <@U2>\n"));
    CHECK_THAT(crew.captain("skip <@U2> 2026-11-28").text,
               Contains("No shift starts on 2026-11-28"));
}

TEST_CASE("the captain can skip the shift in progress", "[captain]") {
    Crew crew;
    const rc::Reply reply = crew.captain("skip");
    CHECK(reply.text ==
          "<@U1> skips the shift of Fri 27 Nov; <@U2> takes it. <@U1> is first in "
          "line afterwards.");
    CHECK_THAT(crew.captain("who").text, StartsWith("<@U2> is captain (since Fri 27 Nov"));
    CHECK_THAT(crew.captain("who").text, Contains("Next: <@U1> from Mon 30 Nov"));
}

TEST_CASE("an admin's swap exchanges the next shifts of two people at once", "[captain]") {
    Crew crew;
    const rc::Reply reply = crew.captain("swap <@U2> <@U3>", "U1");
    CHECK(reply.text == "Swapped: <@U3> takes Mon 30 Nov and <@U2> takes Tue 1 Dec.");
    CHECK(reply.effects.posts.empty());
    CHECK_THAT(crew.captain("schedule 3").text,
               Contains("• Mon 30 Nov — <@U3> (swap)\n• Tue 1 Dec — <@U2> (swap)\n"
                        "• Wed 2 Dec — <@U1>\n"));
    CHECK_THAT(crew.captain("swap <@U2>").text, Contains("Usage: `/captain swap @a @b`"));
    CHECK_THAT(crew.captain("swap <@U2> <@U2>").text, Contains("two different people"));
}

TEST_CASE("away routes around a person, back undoes it", "[captain]") {
    Crew crew;
    const rc::Reply reply = crew.captain("away <@U2> 2026-11-30..2026-12-01", "U2");
    CHECK_THAT(reply.text, StartsWith("<@U2> is away Mon 30 Nov – Tue 1 Dec."));
    CHECK_THAT(crew.captain("schedule 3").text,
               Contains("• Mon 30 Nov — <@U3> (covering for <@U2>, away)\n"
                        "• Tue 1 Dec — <@U1> (covering for <@U2>, away)\n"
                        "• Wed 2 Dec — <@U2>\n"));
    CHECK(crew.captain("back <@U2>", "U2").text ==
          "Welcome back, <@U2>: you are in the rotation again.");
    CHECK_THAT(crew.captain("back <@U2>", "U2").text, Contains("is not marked away"));
    for (const std::string bad : {"away <@U2>", "away <@U2> 2026-12-05..2026-12-01",
                                  "away <@U2> tomorrow", "away 2026-12-01"}) {
        INFO(bad);
        CHECK_THAT(crew.captain(bad, "U2").text,
                   Contains("Usage: `/captain away @user FROM[..TO]`"));
    }
}

TEST_CASE("holidays start no shift and are listed", "[captain]") {
    Crew crew;
    CHECK(crew.captain("holidays").text ==
          "No upcoming holidays. An admin adds one with `/captain holiday add YYYY-MM-DD [name]`.");
    CHECK(crew.captain("holiday add 2026-11-30 St Andrew's Day").text ==
          "2026-11-30 (Mon 30 Nov) is a holiday: St Andrew's Day. No shift starts that day and "
          "nobody is pinged.");
    CHECK_THAT(crew.captain("holiday add 2026-11-30").text, Contains("already a holiday"));
    CHECK_THAT(crew.captain("schedule 2").text,
               Contains("• Fri 27 Nov — <@U1> ← now\n• Mon 30 Nov — holiday: St Andrew's Day\n"
                        "• Tue 1 Dec — <@U2>\n"));
    CHECK_THAT(crew.captain("holidays").text, Contains("• 2026-11-30 (Mon 30 Nov) — St Andrew's"));
    CHECK_THAT(crew.captain("holiday add 2026-02-30").text, Contains("is not a date"));
    CHECK(crew.captain("holiday remove 2026-11-30").text == "2026-11-30 is a working day again.");
}

TEST_CASE("config validates each setting and shows in /ritual config show", "[captain]") {
    Crew crew;
    const rc::Reply mars = crew.captain("config tz Mars/Base");
    CHECK(mars.visibility == rc::Visibility::ephemeral);
    CHECK(mars.text ==
          "\"Mars/Base\" is not a time zone; use an IANA name such as Europe/Berlin or "
          "America/New_York\nUsage: `/captain config period|days|time|tz|usergroup VALUE`");
    CHECK_THAT(crew.captain("config period hourly").text, Contains("`daily` or `weekly`"));
    CHECK_THAT(crew.captain("config time 25:00").text, Contains("not a time of day"));
    CHECK_THAT(crew.captain("config days funday").text, Contains("not a set of days"));
    CHECK_THAT(crew.captain("config colour red").text,
               Contains("not a setting") && Contains("`captain.period`") &&
                   !Contains("`suggest.votes`"));
    CHECK_THAT(crew.captain("config usergroup captains").text, Contains("or say `none`"));

    CHECK(crew.captain("config tz Europe/Berlin").text == "<@U1> set `tz` to Europe/Berlin.");
    CHECK(crew.captain("config time 08:30").text == "<@U1> set `captain.time` to 08:30.");
    CHECK(crew.captain("config days sun-thu").text == "<@U1> set `captain.days` to Sun–Thu.");
    CHECK(crew.captain("config period weekly").text == "<@U1> set `captain.period` to weekly.");
    crew.people.usergroups["S1"] = {"U1", "U4"};
    CHECK(crew.captain("config usergroup <!subteam^S1|@captains>").text ==
          "<@U1> set `captain.usergroup` to <!subteam^S1|@captains>. At every change-over its "
          "members (now <@U1>, <@U4>) are replaced by the captain.");
    const std::string shown = crew.run("/ritual", "config show").text;
    CHECK_THAT(shown, Contains("• `tz` Europe/Berlin _(set by <@U1> 2026-11-27 11:00)_") &&
                          Contains("• `captain.days` Sun–Thu _(set by <@U1>") &&
                          Contains("• `captain.period` weekly _(set by <@U1>") &&
                          Contains("• `captain.time` 08:30 _(set by <@U1>") &&
                          Contains("• `captain.usergroup` <!subteam^S1> _(set by <@U1>") &&
                          Contains("• `metric` resolution _(default)_") &&
                          Contains("Channel admins: nobody yet. Workspace owners and admins and <@U1> "
                                   "(RITUALBOT_ADMINS) are admins everywhere"));
    CHECK(crew.actions().back() == "U1 config.captain.usergroup <!subteam^S1|@captains>");
    CHECK_THAT(crew.captain("schedule 2").text, Contains("• week of Mon 30 Nov — <@U2>\n"));
}

TEST_CASE("handoff is for the captain of the shift in progress", "[captain]") {
    Crew crew;
    CHECK_THAT(crew.captain("handoff all quiet", "U2").text,
               StartsWith("The captain of the shift in progress leaves the handoff."));
    CHECK(crew.captain("handoff all quiet &amp; calm", "U1").text ==
          "Saved. Your note goes into the next captain's announcement:\n>all quiet &amp; calm");
    CHECK_THAT(crew.captain("handoff").text, Contains("Usage: `/captain handoff TEXT`"));
}

TEST_CASE("stats is the fairness ledger", "[captain]") {
    Crew crew;
    crew.captain("skip", "U1");
    CHECK(crew.captain("stats").text ==
          "*Fairness ledger* (shifts served, this one included)\n"
          "• <@U1> — 0 shifts\n• <@U2> — 1 shift\n• <@U3> — 0 shifts\n"
          "Someone who skips or is away is owed those turns and gets them back first; people "
          "who join start level with the crew.");
}

TEST_CASE("/ritual admins add and remove, refused to non-admins", "[captain][permissions]") {
    Crew crew;
    CHECK(crew.run("/ritual", "admins add <@U2>", "U9").text ==
          "Sorry, only admins can change the channel admins. Ask <@U1> or a workspace admin.");
    CHECK(crew.run("/ritual", "admins add <@U2>").text ==
          "Added <@U2> as channel admin. Channel admins now: <@U2>.");
    CHECK_THAT(crew.captain("add <@U9>", "U2").text, StartsWith("Added <@U9>"));
    CHECK_THAT(crew.run("/ritual", "admins add <@U2>").text,
               Contains("already is a channel admin"));
    CHECK(crew.run("/ritual", "admins add <@U4>", "U2").text ==
          "Added <@U4> as channel admin. Channel admins now: <@U2>, <@U4>.");
    CHECK(crew.run("/ritual", "admins remove <@U4>", "U2").text ==
          "Removed <@U4> from the channel admins. Channel admins now: <@U2>.");
    CHECK(crew.run("/ritual", "admins remove <@U2>", "U2").text ==
          "Removed <@U2> from the channel admins. Channel admins now: nobody yet.");
    CHECK_THAT(crew.captain("add <@U8>", "U2").text, StartsWith("Sorry, only admins"));
    CHECK_THAT(crew.run("/ritual", "admins promote <@U3>", "U2").text,
               Contains("Usage: `/ritual admins [add|remove @user…]`"));
}

TEST_CASE("/captain help comes from the table - bad input shows usage", "[captain]") {
    Crew crew;
    const rc::Reply help = crew.captain("help");
    CHECK(help.text == crew.table.help("/captain"));
    CHECK_THAT(help.text, Contains("• `/captain skip [@user] [YYYY-MM-DD]` — Skip a shift"));
    CHECK_THAT(crew.captain("dance").text, Contains("\"dance\" is not a /captain subcommand"));
    CHECK_THAT(crew.captain("who now").text, Contains("Usage: `/captain who`"));
    CHECK_THAT(crew.captain("add bob").text, Contains("\"bob\" is not a person"));
}

TEST_CASE("a channel without a roster says how to start one", "[captain]") {
    CrewFixture fresh;
    CHECK_THAT(fresh.captain("who").text, Contains("Nobody is on the captain roster yet"));
    CHECK_THAT(fresh.captain("handoff hi").text, Contains("no captain rotation here yet"));
}

TEST_CASE("a swap by someone else waits for the people whose shifts it moves", "[captain]") {
    Crew crew;
    const auto swap_id = [&] { return crew.count("SELECT MAX(id) FROM captain_swap_requests"); };
    const auto answer = [&](const std::string& user, bool accept) {
        return rc::captain::answer_swap({user, std::to_string(swap_id()), "D" + user, accept},
                                        crew.context);
    };
    // U2 moves U3's shift: U3 is asked in a DM, nothing changes yet.
    const rc::Reply asked = crew.captain("swap <@U2> <@U3>", "U2");
    CHECK(asked.text ==
          "I asked <@U3> to accept the swap in a DM; I will tell you when they answer. (An "
          "admin's swap needs nobody's consent.)");
    REQUIRE(asked.effects.posts.size() == 1);
    CHECK(asked.effects.posts[0].channel == "U3");
    CHECK_THAT(asked.effects.posts[0].blocks.dump(), Contains("captain_swap_accept"));
    CHECK_THAT(crew.captain("schedule 2").text, Contains("• Mon 30 Nov — <@U2>\n"));
    // Someone else answering changes nothing.
    CHECK_THAT(answer("U9", true).posts.at(0).text, Contains("not waiting for your answer"));

    const rc::Effects accepted = answer("U3", true);
    CHECK_THAT(crew.captain("schedule 3").text,
               Contains("• Mon 30 Nov — <@U3> (swap)\n• Tue 1 Dec — <@U2> (swap)\n"));
    REQUIRE(accepted.posts.size() == 2);
    CHECK(accepted.posts[0].channel == "C0CREW");
    CHECK(accepted.posts[0].text == "Swapped: <@U3> takes Mon 30 Nov and <@U2> takes Tue 1 Dec.");
    CHECK(accepted.posts[1].channel == "U2");  // the requester is told
    CHECK_THAT(accepted.posts[1].text, StartsWith("<@U3> accepted."));
    REQUIRE(accepted.updates.size() == 1);
    CHECK(accepted.updates[0].channel == "DU3");
    CHECK_THAT(answer("U3", true).posts.at(0).text, Contains("not waiting for your answer"));

    // A third person's swap asks both; one decline cancels it.
    const rc::Reply third = crew.captain("swap <@U1> <@U3>", "U9");
    CHECK_THAT(third.text, StartsWith("I asked <@U1> and <@U3> to accept"));
    CHECK_THAT(answer("U1", true).updates.at(0).text, Contains("You were asked about"));
    const rc::Effects declined = answer("U3", false);
    CHECK(declined.posts.at(0).channel == "U9");
    CHECK_THAT(declined.posts.at(0).text, Contains("<@U3> declined"));
    CHECK(crew.count("SELECT COUNT(*) FROM captain_swap_requests WHERE state = 'declined'") == 1);
}

TEST_CASE("the captain's user group is set by a workspace admin or an admin in it",
          "[captain][permissions]") {
    Crew crew;
    crew.people.usergroups["S2"] = {"U4"};
    CHECK(crew.captain("config usergroup <!subteam^S2|@leads>").text ==
          "Sorry, only a workspace admin, or an admin who is in <!subteam^S2|@leads>, can give "
          "<!subteam^S2|@leads> to the captain: the bot replaces its members at every "
          "change-over. Ask a workspace admin.");
    CHECK_THAT(crew.captain("config usergroup <!subteam^S3|@unknown>").text,
               StartsWith("I could not read the members of <!subteam^S3|@unknown> from Slack"));
    crew.people.set("U7", true);
    CHECK(crew.captain("config usergroup <!subteam^S2|@leads>", "U7").text ==
          "<@U7> set `captain.usergroup` to <!subteam^S2|@leads>. At every change-over its "
          "members (now <@U4>) are replaced by the captain.");
}
