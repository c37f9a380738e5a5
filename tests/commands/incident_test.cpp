// Incident reviews through the real command table and form entry points, on an in-memory
// database with a hand-moved clock (Friday 27 Nov 2026, 10:00 UTC): the form's checks, the
// countermeasures' grammar, notes and the shortcut, who may publish, the thanks and their
// opt-out, and the change-over checklist's line.

#include <catch2/catch.hpp>

#include "commands/incidents/awaiting_review.hpp"
#include "commands/incidents/countermeasures.hpp"
#include "commands/incidents/interactions.hpp"
#include "commands/incidents/review_fields.hpp"
#include "playbook_fixture.hpp"

using namespace ritualbot;
using Catch::Matchers::Contains;
using commands::incidents::parse_countermeasures;

namespace {

struct IncidentFixture : test::PlaybookFixture {
    IncidentFixture() { playbook("add refunds — How we refund"); }

    commands::Reply incident(std::string text, std::string user = "U1") {
        return run("/incident", std::move(text), std::move(user));
    }
    static storage::IncidentFields fields() {
        return {"Refund emails sent twice",
                "A retry re-sent refund emails.",
                "09:40 First ticket\n10:05 Retries spotted",
                "A timeout that had succeeded.",
                "120 customers, 34 tickets, 2 hours.",
                "Nothing showed it could send twice.",
                "Add a dedupe check @U3 due 2026-12-15 #refunds\nReview retry alerts"};
    }
    commands::FormOutcome submit(storage::IncidentFields f, std::string user = "U2",
                                 std::int64_t id = 0) {
        return commands::incidents::submit_review({"C0CREW", id, std::move(user), std::move(f)},
                                                  context);
    }
    commands::LocalDate today() {
        return commands::LocalDate{
            std::chrono::floor<std::chrono::days>(clock.now()).time_since_epoch()};
    }
};

std::string error_of(const commands::FormOutcome& outcome,
                     const commands::incidents::ReviewField& field) {
    const auto it = outcome.errors.find(std::string(field.block_id));
    return it == outcome.errors.end() ? std::string() : it->second;
}

}  // namespace

TEST_CASE("a countermeasure line carries its owner due date and procedure", "[incidents]") {
    IncidentFixture crew;
    const auto measures = parse_countermeasures(
        crew.db, "C0CREW",
        "- Add a dedupe check @U3 due 2026-12-15 #Refunds\nReview alerts <@U4|dana> 2026-12-01",
        crew.today());
    REQUIRE(measures);
    REQUIRE(measures->size() == 2);
    const auto& first = (*measures)[0];
    CHECK(first.text == "Add a dedupe check");
    CHECK(first.owner == "U3");
    CHECK(commands::format_date(*first.due) == "2026-12-15");
    REQUIRE(first.procedure);
    CHECK(first.procedure->name == "refunds");
    CHECK((*measures)[1].owner == "U4");
    CHECK_FALSE((*measures)[1].procedure);
}

TEST_CASE("a countermeasure line with an unknown procedure or owner says which line",
          "[incidents]") {
    IncidentFixture crew;
    const auto near =
        parse_countermeasures(crew.db, "C0CREW", "Fix it\nDedupe #refund", crew.today());
    REQUIRE_FALSE(near);
    CHECK_THAT(near.error(), Contains("Line 2") && Contains("Did you mean `refunds`"));
    const auto unknown = parse_countermeasures(crew.db, "C0CREW", "Dedupe #shipping", crew.today());
    CHECK_THAT(unknown.error(), Contains("no procedure `shipping`"));
    const auto name = parse_countermeasures(crew.db, "C0CREW", "Dedupe @alice", crew.today());
    CHECK_THAT(name.error(), Contains("not a member ID"));
    const auto past =
        parse_countermeasures(crew.db, "C0CREW", "Dedupe due 2026-11-01", crew.today());
    CHECK_THAT(past.error(), Contains("in the past"));
    const auto bare = parse_countermeasures(crew.db, "C0CREW", "@U3 #refunds", crew.today());
    CHECK_THAT(bare.error(), Contains("say what to do"));
}

TEST_CASE("the review form saves a draft and announces it", "[incidents]") {
    IncidentFixture crew;
    const auto opened = crew.incident("new Refund emails sent twice");
    CHECK(opened.effects.modals.empty());  // no trigger_id outside Slack
    CHECK_THAT(opened.text, Contains("slash command"));

    const auto saved = crew.submit(IncidentFixture::fields());
    REQUIRE(saved.errors.empty());
    CHECK(crew.count("SELECT COUNT(*) FROM incidents WHERE state = 'draft'") == 1);
    CHECK_THAT(test::dump(saved.effects), Contains("opened the incident review #1"));
    CHECK(crew.count("SELECT COUNT(*) FROM incident_contributors WHERE user_id = 'U2'") == 1);
    // Countermeasures become improvements only when the review is published.
    CHECK(crew.count("SELECT COUNT(*) FROM improvements") == 0);
}

TEST_CASE("the review form puts each mistake under its field and saves nothing", "[incidents]") {
    IncidentFixture crew;
    auto f = IncidentFixture::fields();
    f.summary = "  ";
    f.timeline = "09:40 First ticket\nthen retries";
    f.countermeasures = "Dedupe #refund";
    f.impact = std::string(1001, 'x');
    const auto outcome = crew.submit(f);
    using namespace commands::incidents;
    CHECK(error_of(outcome, kReviewFields[1]) == "Fill this in, even briefly.");
    CHECK_THAT(error_of(outcome, kTimelineField), Contains("Line 2"));
    CHECK_THAT(error_of(outcome, kCountermeasuresField), Contains("Did you mean"));
    CHECK_THAT(error_of(outcome, kReviewFields[4]), Contains("1001 characters"));
    CHECK(crew.count("SELECT COUNT(*) FROM incidents") == 0);
}

TEST_CASE("notes and edits add contributors and a published review takes neither", "[incidents]") {
    IncidentFixture crew;
    REQUIRE(crew.submit(IncidentFixture::fields()).errors.empty());
    crew.clock.advance(std::chrono::minutes{65});
    const auto noted = crew.incident("note 1 Macro for affected customers posted", "U3");
    CHECK_THAT(noted.text, Contains("at 11:05"));
    auto edited = IncidentFixture::fields();
    edited.summary = "A retry in the export re-sent refund emails.";
    REQUIRE(crew.submit(edited, "U4", 1).errors.empty());
    CHECK(crew.count("SELECT COUNT(*) FROM incident_contributors") == 3);

    REQUIRE_THAT(crew.incident("publish 1", "U2").text, Contains("Published #1"));
    CHECK_THAT(crew.incident("note 1 Late", "U3").text, Contains("was published"));
    CHECK_THAT(crew.incident("edit 1", "U3").text, Contains("stays as the crew read it"));
    const auto late = crew.submit(edited, "U4", 1);
    REQUIRE(late.errors.size() == 1);
    CHECK_THAT(late.errors.begin()->second, Contains("published"));
    CHECK(crew.count("SELECT COUNT(*) FROM incident_notes") == 1);
}

TEST_CASE("only the creator the captain on duty or an admin may publish", "[incidents]") {
    IncidentFixture crew;
    crew.captain("add <@U5>");
    REQUIRE(crew.submit(IncidentFixture::fields(), "U2").errors.empty());
    const auto refused = crew.incident("publish 1", "U3");
    CHECK_THAT(refused.text, Contains("Sorry") && Contains("<@U2>"));
    CHECK(crew.count("SELECT COUNT(*) FROM incidents WHERE state = 'published'") == 0);

    SECTION("the creator") {
        CHECK_THAT(crew.incident("publish 1", "U2").text, Contains("Published"));
    }
    SECTION("the captain on duty") {
        CHECK_THAT(crew.incident("publish 1", "U5").text, Contains("Published"));
    }
    SECTION("an admin") {
        CHECK_THAT(crew.incident("publish 1", "U1").text, Contains("Published"));
    }
    CHECK(crew.count("SELECT COUNT(*) FROM incidents WHERE state = 'published'") == 1);
}

TEST_CASE("publishing posts the review thanks contributors and tracks countermeasures",
          "[incidents]") {
    IncidentFixture crew;
    REQUIRE(crew.submit(IncidentFixture::fields(), "U2").errors.empty());
    crew.incident("note 1 Paused the retries", "U3");
    crew.incident("note 1 Wrote the macro", "U4");
    CHECK_THAT(crew.run("/ritual", "me thanks off", "U4").text, Contains("will not name you"));

    const auto published = crew.incident("publish 1 <#C0OTHER|general>", "U2");
    REQUIRE(published.effects.posts.size() == 2);
    CHECK(published.effects.posts[0].channel == "C0CREW");
    CHECK(published.effects.posts[1].channel == "C0OTHER");
    const std::string posted = published.effects.posts[0].blocks.dump();
    CHECK_THAT(posted, Contains("Thanks to <@U2> and <@U3> for contributing"));
    CHECK_THAT(posted, Contains("Paused the retries"));
    CHECK(posted.find("<@U4> for contributing") == std::string::npos);

    // Each countermeasure is an improvement with its owner, due date and procedure, and none
    // is on a ballot.
    CHECK(crew.count("SELECT COUNT(*) FROM improvements") == 2);
    CHECK(crew.count("SELECT COUNT(*) FROM improvements WHERE owner = 'U3' AND "
                     "due_date = '2026-12-15'") == 1);
    CHECK(crew.count("SELECT COUNT(*) FROM suggestions WHERE incident_id = 1 AND procedure_id = " +
                     std::to_string(crew.procedure_id("refunds"))) == 1);
    CHECK(crew.count("SELECT COUNT(*) FROM improvements WHERE owner = '' AND "
                     "due_date = '2026-12-04'") == 1);
    CHECK_THAT(crew.suggest("status").text, Contains("Add a dedupe check"));
    CHECK_THAT(crew.suggest("list").text, !Contains("dedupe"));

    CHECK_THAT(crew.run("/ritual", "me thanks on", "U4").text, Contains("again"));
}

TEST_CASE("the change-over checklist lists drafts awaiting review", "[incidents]") {
    IncidentFixture crew;
    CHECK(commands::incidents_awaiting_review_checklist(crew.db, "C0CREW").empty());
    REQUIRE(crew.submit(IncidentFixture::fields()).errors.empty());
    auto second = IncidentFixture::fields();
    second.title = "Login outage";
    REQUIRE(crew.submit(second).errors.empty());
    crew.incident("publish 2");
    CHECK(commands::incidents_awaiting_review_checklist(crew.db, "C0CREW") ==
          "• Finish the review of incident #1 *Refund emails sent twice* (draft since Fri 27 "
          "Nov): `/incident publish 1`\n");
}

TEST_CASE("the timeline shortcut adds to the one open incident or asks which", "[incidents]") {
    IncidentFixture crew;
    const commands::incidents::NoteShortcut shortcut{
        "trig",
        "C0CREW",
        "U3",
        "U4",
        "Customers see two emails &amp; a refund",
        "https://crew.slack.com/archives/C0CREW/p1764237600000100",
        1764237600000};
    CHECK_THAT(
        test::ephemeral_text(commands::incidents::note_from_message(shortcut, crew.context), "U3"),
        Contains("No incident review is open"));

    REQUIRE(crew.submit(IncidentFixture::fields()).errors.empty());
    const auto added = commands::incidents::note_from_message(shortcut, crew.context);
    CHECK_THAT(test::ephemeral_text(added, "U3"), Contains("at 10:00"));
    CHECK(crew.count("SELECT COUNT(*) FROM incident_notes WHERE author = 'U4' AND added_by = 'U3' "
                     "AND permalink LIKE 'https://crew.slack.com/%'") == 1);
    CHECK(crew.count("SELECT COUNT(*) FROM incident_contributors WHERE user_id = 'U3'") == 1);

    REQUIRE(crew.submit(IncidentFixture::fields()).errors.empty());
    const auto asked = commands::incidents::note_from_message(shortcut, crew.context);
    REQUIRE(asked.modals.size() == 1);
    const auto submitted =
        commands::incidents::submit_note({"C0CREW", shortcut.permalink, "U4", shortcut.said_at,
                                          "U3", "2", "Customers see two emails"},
                                         crew.context);
    CHECK(submitted.errors.empty());
    CHECK(crew.count("SELECT COUNT(*) FROM incident_notes WHERE incident_id = 2") == 1);
}
