// The vote: opening the ballot, dot-vote limits, toggling, closed ballots, ties, winners
// becoming improvements, anonymity in every payload, and the ballot's Slack limits.

#include <catch2/catch.hpp>

#include "commands/render/ballot_blocks.hpp"
#include "suggestions_fixture.hpp"

using namespace ritualbot;
using namespace ritualbot::test;
using Catch::Contains;

namespace {

// Four suggestions from U1..U3 (the third anonymous, by U3), then the ballot opened by U1.
struct BallotFixture : SuggestFixture {
    std::int64_t round = 0;
    BallotFixture() {
        suggest("Checklist for refunds #refunds", "U1");
        suggest("Pair on escalations", "U2");
        suggest("Blameless incident notes anon", "U3");
        suggest("Rotate the on-call pager weekly", "U2");
        ballot = suggest("open", "U1");
        round = round_id();
    }
    commands::Reply ballot;
};

}  // namespace

TEST_CASE_METHOD(BallotFixture, "opening posts a keyed ballot with one vote button per suggestion",
                 "[suggest][vote]") {
    REQUIRE(round > 0);
    REQUIRE(ballot.effects.posts.size() == 1);
    const auto& post = ballot.effects.posts[0];
    CHECK(post.key == "suggest-ballot:C0CREW:" + std::to_string(round));
    CHECK(post.ephemeral_user.empty());
    REQUIRE(post.blocks.size() == 6);  // header, four suggestions, footer
    CHECK(post.blocks[1]["accessory"]["action_id"] == "suggest_vote");
    CHECK(post.blocks[1]["accessory"]["value"] == std::to_string(round) + ":1");
    CHECK_THAT(post.blocks[5].dump(), Contains("0 people voted so far"));
    CHECK_THAT(post.blocks.dump(), !Contains("votes_") && !Contains("_0 votes_"));
    CHECK_THAT(post.blocks.dump(), Contains("You have 3 votes"));

    // A second open is refused; a new suggestion goes to the next round.
    CHECK_THAT(suggest("open", "U1").text, Contains("already being voted on"));
    CHECK_THAT(suggest("One more idea", "U4").text, Contains("goes on the next ballot"));
    CHECK(count("SELECT COUNT(*) FROM suggestion_rounds") == 2);
}

TEST_CASE_METHOD(BallotFixture, "a vote toggles, is counted once, and each voter has N votes",
                 "[suggest][vote]") {
    auto effects = click("U5", round, 1);
    CHECK(votes() == 1);
    CHECK_THAT(ephemeral_text(effects, "U5"), Contains("(1 of 3 used)") && Contains("#1"));
    REQUIRE(effects.updates.size() == 1);
    CHECK(effects.updates[0].post_key == "suggest-ballot:C0CREW:" + std::to_string(round));
    // Tallies hidden while voting: only the count of voters shows.
    CHECK_THAT(effects.updates[0].blocks.dump(),
               Contains("1 person voted so far") && !Contains("1 vote_"));

    // Pressing again takes the vote back.
    effects = click("U5", round, 1);
    CHECK(votes() == 0);
    CHECK_THAT(ephemeral_text(effects, "U5"), Contains("none yet"));

    // Three votes, at most one per suggestion; the fourth is refused and changes nothing.
    click("U5", round, 1);
    click("U5", round, 2);
    click("U5", round, 3);
    effects = click("U5", round, 4);
    CHECK(votes() == 3);
    CHECK_THAT(ephemeral_text(effects, "U5"), Contains("used all 3") && Contains("#1, #2, #3"));
    CHECK(effects.updates.empty());

    // (A click delivered twice is applied once: bot/'s router records every click before it
    // routes it; the e2e suggestions test delivers one twice.)
    namespace s = commands::suggestions;
    CHECK_FALSE(s::vote_click({"C0CREW", "U6", s::vote_value(round, 2)}, context).posts.empty());
    CHECK(count("SELECT COUNT(*) FROM suggestion_votes WHERE voter = 'U6'") == 1);

    // The UNIQUE (round, suggestion, voter) constraint holds whatever the caller does.
    CHECK_FALSE(storage::SuggestionVotes(db).add(round, 1, "U5", 0));
    CHECK(count("SELECT COUNT(*) FROM audit_log WHERE action = 'suggest.vote'") == 5);
    // Which suggestion a vote went to stays out of the audit log (and so out of the export).
    CHECK(count("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'suggest.%vote' AND detail LIKE '%#%'") == 0);
}

TEST_CASE_METHOD(BallotFixture, "the channel can make tallies live and change the votes",
                 "[suggest][vote]") {
    CHECK_THAT(suggest("config live on", "U1").text, Contains("set `suggest.live` to on"));
    CHECK_THAT(suggest("config votes 1", "U1").text, Contains("set `suggest.votes` to 1"));
    CHECK_THAT(suggest("config votes 1", "U2").text, Contains("only admins can"));
    auto effects = click("U5", round, 2);
    CHECK_THAT(effects.updates[0].blocks.dump(), Contains("_1 vote_"));
    CHECK_THAT(ephemeral_text(click("U5", round, 3), "U5"), Contains("used all 1"));
}

TEST_CASE_METHOD(BallotFixture, "closing announces the winner - all tied suggestions win",
                 "[suggest][vote]") {
    click("U5", round, 1);
    click("U6", round, 1);
    click("U5", round, 3);
    click("U6", round, 3);
    click("U7", round, 2);
    const auto closed = suggest("close", "U1");
    CHECK(closed.visibility == commands::Visibility::ephemeral);  // the post announces it
    REQUIRE(closed.effects.posts.size() == 1);
    const std::string announcement = closed.effects.posts[0].text;
    CHECK_THAT(announcement, Contains("3 people voted") && Contains("*Tied winners*"));
    CHECK_THAT(announcement,
               Contains("*#1* Checklist for refunds") && Contains("*#3* Blameless incident notes"));
    CHECK_THAT(announcement, Contains("Owner: <@U1>") && Contains("due Fri 4 Dec"));
    CHECK_THAT(announcement, Contains("Owner: nobody yet (`/suggest assign 3 @someone`)"));
    CHECK_THAT(announcement, !Contains("U3"));  // the anonymous author

    // The ballot is edited in place: tallies shown, winners marked, no buttons.
    REQUIRE(closed.effects.updates.size() == 1);
    const auto blocks = closed.effects.updates[0].blocks.dump();
    CHECK_THAT(blocks, Contains(":trophy: *#1*") && Contains("_2 votes_") &&
                           Contains("Voting closed: 3 people voted") && !Contains("button"));

    CHECK(count("SELECT COUNT(*) FROM improvements") == 2);
    CHECK(count("SELECT COUNT(*) FROM improvements WHERE suggestion_id = 3 AND owner = ''") == 1);
    CHECK(count("SELECT COUNT(*) FROM suggestions WHERE state = 'lost'") == 2);

    // A click on the closed ballot.
    const auto late = click("U8", round, 2);
    CHECK(ephemeral_text(late, "U8") == "Voting closed for round 1.");
    CHECK(late.updates.empty());
    CHECK_THAT(suggest("close", "U1").text, Contains("No vote is open"));
}

TEST_CASE_METHOD(BallotFixture, "a vote nobody took part in carries the suggestions over",
                 "[suggest][vote]") {
    const auto closed = suggest("close", "U1");
    CHECK_THAT(closed.effects.posts[0].text, Contains("no winner") && Contains("round 2"));
    CHECK(count("SELECT COUNT(*) FROM suggestions s JOIN suggestion_rounds r ON r.id = "
                "s.round_id WHERE r.number = 2") == 4);
    CHECK(count("SELECT COUNT(*) FROM improvements") == 0);
}

TEST_CASE_METHOD(BallotFixture, "withdrawing during the vote takes it off the ballot",
                 "[suggest][vote]") {
    click("U5", round, 4);
    const auto reply = suggest("withdraw 4", "U2");
    REQUIRE(reply.effects.updates.size() == 1);
    CHECK_THAT(reply.effects.updates[0].blocks.dump(), !Contains("Rotate the on-call"));
    CHECK(votes() == 0);
    CHECK_THAT(ephemeral_text(click("U5", round, 4), "U5"), Contains("no longer on this ballot"));
}

TEST_CASE("an anonymous author's id appears in no payload, the bot's own included",
          "[suggest][anon]") {
    SuggestFixture f;
    const std::string author = "U0SECRET";
    std::string everything;
    const auto keep = [&](const commands::Reply& reply) {
        everything += reply.text + dump(reply.effects);
    };
    keep(f.suggest("Automate the weekly report anon #reports", author));
    keep(f.suggest("Another idea", "U1"));
    f.tick();  // Friday 10:00: the call lists what is in
    keep(f.suggest("list", "U1"));
    keep(f.suggest("open", "U1"));
    const auto round = f.round_id();
    everything += dump(f.click("U1", round, 1)) + dump(f.click("U2", round, 1));
    // The author may vote too; that ephemeral answer is addressed to them, so it is not kept.
    CHECK(f.click(author, round, 1).posts.at(0).ephemeral_user == author);
    keep(f.suggest("close", "U1"));
    keep(f.suggest("status", "U1"));
    // Nobody owns an anonymous winner: only an admin may assign it, then its owner goes on.
    CHECK(f.suggest("assign 1 <@U3>", "U3").text ==
          "Sorry, only an admin (#1 has no owner yet) can assign #1. Ask <@U1> or a workspace "
          "admin.");
    keep(f.suggest("assign 1 <@U2|bo>", "U1"));
    CHECK(f.suggest("target 1 reopen_rate", "U3").text ==
          "Sorry, only <@U2> (its owner) or an admin can set the target of #1. Ask <@U1> or a "
          "workspace admin.");
    keep(f.suggest("done 1 shipped", "U2"));
    for (const auto& emitted : f.emitted) everything += dump(emitted.effects);
    // Votes are the author's own business: their ephemeral list goes to them; leave it out.
    const std::string voter_reply = ephemeral_text(
        commands::suggestions::vote_click(
            {"C0CREW", author, commands::suggestions::vote_value(round, 1)}, f.context),
        author);
    CHECK_THAT(voter_reply, Contains("Voting closed"));
    CHECK_THAT(everything, Contains("Automate the weekly report"));
    CHECK_THAT(everything, Contains("anonymous"));
    CHECK(everything.find(author) == std::string::npos);
}

TEST_CASE("the ballot keeps to Slack's limits and says how many more there are",
          "[suggest][render]") {
    namespace s = commands::suggestions;
    s::BallotView view;
    view.channel = "C0CREW";
    view.round_id = 7;
    view.round_number = 3;
    for (int i = 1; i <= 60; ++i) {
        storage::Suggestion suggestion;
        suggestion.id = i;
        suggestion.text = std::string(3500, 'a' + static_cast<char>(i % 26));
        view.suggestions.push_back(suggestion);
    }
    const auto blocks = commands::render::ballot_blocks(view);
    CHECK(blocks.size() == 50);
    CHECK_THAT(blocks[48]["text"]["text"].get<std::string>(), Contains("and 13 more"));
    for (const auto& block : blocks) {
        if (block.contains("text")) CHECK(block["text"]["text"].get<std::string>().size() <= 3000);
        if (block.contains("accessory")) {
            CHECK(block["accessory"]["text"]["text"].get<std::string>().size() <= 75);
            CHECK(block["accessory"]["value"].get<std::string>().size() <= 2000);
        }
    }
    CHECK(s::truncate_utf8("héllo", 3) == "…");
    CHECK(s::truncate_utf8("ab€€€€", 8) == "ab€…");
    std::int64_t r = 0, id = 0;
    CHECK(s::parse_vote_value("7:12", r, id));
    CHECK((r == 7 && id == 12));
    CHECK_FALSE(s::parse_vote_value("7:x", r, id));
    CHECK_FALSE(s::parse_vote_value("12", r, id));
}
