// /playbook: the registry of a channel's procedures (add, list, rename, retire, owner, link,
// segment, changed), who may change what, "did you mean", and what links to a procedure
// (suggestions' #procedure, investigations through /outliers and the form).

#include <catch2/catch.hpp>

#include "commands/outliers/interactions.hpp"
#include "commands/playbook/procedure_names.hpp"
#include "playbook_fixture.hpp"
#include "storage/investigations.hpp"
#include "storage/outlier_records.hpp"

using namespace ritualbot;
using namespace ritualbot::test;
using Catch::Contains;
using commands::Visibility;

TEST_CASE("the edit distance finds near misses and nothing far away", "[playbook]") {
    using commands::playbook::edit_distance;
    using commands::playbook::nearest;
    CHECK(edit_distance("refunds", "refunds") == 0);
    CHECK(edit_distance("refnds", "refunds") == 1);
    CHECK(edit_distance("kitten", "sitting") == 3);
    CHECK(edit_distance("", "abc") == 3);
    const std::vector<std::string> names = {"Refunds", "handoff", "vip"};
    CHECK(nearest("REFUNDZ", names) == "Refunds");
    CHECK(nearest("hand-of", names) == "handoff");
    CHECK(nearest("vap", names) == "vip");
    CHECK_FALSE(nearest("vpns", names));  // two edits on a short name is another name
    CHECK_FALSE(nearest("billing", names));
}

TEST_CASE("/playbook add registers a procedure owned by who added it - names ignore case",
          "[playbook]") {
    PlaybookFixture f;
    const auto added =
        f.playbook("add Refunds <https://docs.example/refunds> — How we refund &amp; credit");
    CHECK(added.visibility == Visibility::in_channel);
    CHECK_THAT(added.text, Contains("<@U1> added `Refunds` to the playbook, owned by <@U1>") &&
                               Contains("How we refund &amp; credit") &&
                               Contains("<https://docs.example/refunds|document>"));
    CHECK(f.count("SELECT COUNT(*) FROM procedure_history WHERE kind = 'added'") == 1);
    CHECK(f.count("SELECT COUNT(*) FROM audit_log WHERE action = 'playbook.added'") == 1);

    const auto duplicate = f.playbook("add refunds", "U2");
    CHECK(duplicate.visibility == Visibility::ephemeral);
    CHECK_THAT(duplicate.text, Contains("already a procedure `Refunds`"));
    CHECK(f.count("SELECT COUNT(*) FROM procedures") == 1);

    CHECK_THAT(f.playbook("add bad!name").text, Contains("not a procedure name"));
    CHECK_THAT(f.playbook("add").text, Contains("Usage: `/playbook add NAME [link] [— purpose]`"));
    f.playbook("add handoff - Passing the shift on", "U2");
    const auto list = f.playbook("list", "U3");
    CHECK_THAT(list.text, Contains("*Playbook* (2)") && Contains("• `handoff` — Passing the "
                                                                  "shift on · owner <@U2>") &&
                              Contains("• `Refunds` — How we refund"));
}

TEST_CASE("a procedure's owner or a channel admin changes it - others are refused", "[playbook]") {
    PlaybookFixture f;
    f.people.listed = {"U0ADMIN"};  // the admin here; U1 and U2 are members
    f.playbook("add refunds", "U1");

    const auto refused = f.playbook("link refunds https://docs.example/r", "U2");
    CHECK(refused.visibility == Visibility::ephemeral);
    CHECK_THAT(refused.text, Contains("only admins") && Contains("its owner <@U1>"));
    CHECK(f.count("SELECT COUNT(*) FROM procedures WHERE link <> ''") == 0);

    CHECK_THAT(f.playbook("link refunds <https://docs.example/r>", "U1").text,
               Contains("now links to <https://docs.example/r>"));
    CHECK_THAT(f.playbook("link refunds not-a-url", "U1").text, Contains("is not a link"));
    CHECK_THAT(f.playbook("owner refunds <@U2>", "U0ADMIN").text,
               Contains("<@U2> now owns the procedure `refunds`"));
    CHECK_THAT(f.playbook("segment refunds request_type=billing", "U2").text,
               Contains("governs request type billing"));
    CHECK_THAT(f.playbook("segment refunds colour=blue", "U2").text, Contains("is not a segment"));
    const auto changed = f.playbook("changed refunds Credit notes need a second pair of eyes", "U2");
    CHECK(changed.visibility == Visibility::in_channel);
    CHECK_THAT(changed.text, Contains("changed the procedure `refunds`: Credit notes need"));
    CHECK(f.count("SELECT COUNT(*) FROM procedure_history WHERE kind = 'changed' AND "
                  "local_date = '2026-11-27'") == 1);
    CHECK(f.count("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'playbook.%'") == 5);
    // The former owner is an ordinary member now.
    CHECK_THAT(f.playbook("retire refunds", "U1").text, Contains("only admins"));
}

TEST_CASE("rename keeps links - retire frees the name - unknown names get did you mean",
          "[playbook]") {
    PlaybookFixture f;
    f.playbook("add refunds");
    f.playbook("add handoff");
    CHECK_THAT(f.suggest("Checklist for refunds #Refunds").text,
               Contains("linked to the playbook's procedure `#refunds`"));
    CHECK_THAT(f.playbook("rename refunds handoff").text, Contains("already a procedure `handoff`"));
    CHECK_THAT(f.playbook("rename refunds credits").text,
               Contains("renamed the procedure `refunds` to `credits`"));
    CHECK(f.count("SELECT COUNT(*) FROM suggestions WHERE procedure = 'credits' AND "
                  "procedure_id IS NOT NULL") == 1);

    CHECK_THAT(f.playbook("show credts").text, Contains("Did you mean `credits`?"));
    CHECK_THAT(f.playbook("show billing").text,
               Contains("no procedure `billing`") && Contains("`/playbook add billing` adds it"));

    CHECK_THAT(f.playbook("retire credits").text, Contains("retired the procedure `credits`"));
    CHECK_THAT(f.playbook("show credits").text, Contains("no procedure `credits`"));
    CHECK_THAT(f.playbook("add credits").text, Contains("added `credits`"));
    CHECK(f.count("SELECT COUNT(*) FROM procedures WHERE name_key = 'credits'") == 2);
}

TEST_CASE("a suggestion's #procedure links to the registry or offers to add it", "[playbook]") {
    PlaybookFixture f;
    f.playbook("add refunds");
    CHECK(f.suggest("Checklist for refunds #refunds").text.find("linked") != std::string::npos);
    CHECK(f.count("SELECT procedure_id FROM suggestions WHERE id = 1") == f.procedure_id("refunds"));

    // A near miss is refused with the name meant; nothing is stored.
    const auto near = f.suggest("Faster credits #refund");
    CHECK_THAT(near.text, Contains("Did you mean #refunds?") && Contains("`/playbook add refund`"));
    CHECK(f.count("SELECT COUNT(*) FROM suggestions") == 1);

    // An unknown name is kept as a tag, with the command that adds it; adding links it.
    const auto unknown = f.suggest("Tag VIP tickets #escalations");
    CHECK_THAT(unknown.text, Contains("`#escalations` is not in the playbook yet") &&
                                 Contains("`/playbook add escalations`"));
    CHECK(f.count("SELECT COUNT(*) FROM suggestions WHERE procedure = 'escalations' AND "
                  "procedure_id IS NULL") == 1);
    CHECK_THAT(f.playbook("add escalations").text, Contains("Linked 1 earlier suggestion"));
    CHECK(f.count("SELECT COUNT(*) FROM suggestions WHERE procedure_id IS NULL") == 0);

    // The form reads the same rule, with the message under its field.
    const auto form = commands::suggestions::submit_form(
        {"C0CREW", "U2", "Refund faster", "refunsd", false}, f.context);
    CHECK_THAT(form.errors.at("suggestion_procedure"), Contains("Did you mean #refunds?"));
}

TEST_CASE("an investigation names its procedure - by command and by the form", "[playbook]") {
    PlaybookFixture f;
    f.playbook("add refunds");
    storage::OutlierRecords(f.db).insert({"C0CREW", "o-2026-11-26-1", "2026-11-26", "rate",
                                          "reopen_rate", "request_type", "billing", "why", 0});
    storage::OutlierRecords(f.db).insert({"C0CREW", "o-2026-11-26-2", "2026-11-26", "rate",
                                          "reopen_rate", "request_type", "shipping", "why", 0});
    const auto assigned = f.outliers("assign o-2026-11-26-1 procedure refunds <@U2>");
    CHECK_THAT(assigned.text, Contains("asked <@U2> to investigate") &&
                                  Contains("concerns the procedure `refunds`"));
    CHECK_THAT(f.outliers("cause o-2026-11-26-1 procedure refnds Missing credit step").text,
               Contains("Did you mean `refunds`?"));
    CHECK_THAT(f.outliers("cause o-2026-11-26-1 Missing credit step").text,
               Contains("recorded the root cause of `o-2026-11-26-1`") &&
                   Contains(": Missing credit step."));
    const auto linked = storage::Investigations(f.db).find("C0CREW", "o-2026-11-26-1");
    REQUIRE(linked);
    CHECK(linked->procedure_id == f.procedure_id("refunds"));
    CHECK(linked->cause == "Missing credit step");

    // The form offers the channel's procedures and links the one picked.
    const auto click =
        commands::outliers::investigate_click({"T.1", "C0CREW", "o-2026-11-26-2"}, f.context);
    REQUIRE(click.modals.size() == 1);
    CHECK_THAT(click.modals[0].view.dump(), Contains("static_select") && Contains("refunds"));
    const auto submitted = commands::outliers::submit_investigation(
        {"C0CREW", "o-2026-11-26-2", "U1", "U3", "Courier lost it",
         std::to_string(f.procedure_id("refunds"))},
        f.context);
    CHECK(submitted.errors.empty());
    CHECK_THAT(submitted.effects.posts.at(0).text, Contains("concerns the procedure `refunds`"));
    CHECK(f.count("SELECT COUNT(*) FROM investigations WHERE procedure_id IS NOT NULL") == 2);
    const auto stale = commands::outliers::submit_investigation(
        {"C0CREW", "o-2026-11-26-2", "U1", "U3", "", "999"}, f.context);
    CHECK_THAT(stale.errors.at("procedure"), Contains("no longer in this channel's playbook"));
}
