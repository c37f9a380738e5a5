// The digest's "Owner & cause" button and form, as bot/ calls them with the values read from
// Slack's payload: the form records the investigation with the cause exactly as typed.

#include <catch2/catch.hpp>

#include "commands/outliers/interactions.hpp"
#include "commands/render/ids.hpp"
#include "commands/render/modals.hpp"
#include "storage/investigations.hpp"
#include "storage/outlier_records.hpp"
#include "support/test_database.hpp"

namespace rc = ritualbot::commands;
namespace rs = ritualbot::storage;
using Catch::Contains;

namespace {

struct Fixture {
    rs::Database db = ritualbot::test::test_database();
    rc::ManualClock clock{std::chrono::sys_days{std::chrono::year{2026} / 10 / 30}};
    rc::Context context{&db, clock};

    Fixture() {
        rs::OutlierRecords(db).insert({"C0CREW", "o-2026-10-29-1", "2026-10-29", "rate",
                                       "reopen_rate", "request_type", "billing", "why", 0});
    }

    rc::FormOutcome submit(const std::string& owner, const std::string& cause,
                           const std::string& outlier = "o-2026-10-29-1") {
        return rc::outliers::submit_investigation({"C0CREW", outlier, "U0ALICE", owner, cause},
                                                  context);
    }
};

}  // namespace

TEST_CASE("the button opens the investigation form for its outlier", "[outliers]") {
    Fixture f;
    const rc::Effects effects =
        rc::outliers::investigate_click({"T.1", "C0CREW", "o-2026-10-29-1"}, f.context);
    REQUIRE(effects.modals.size() == 1);
    CHECK(effects.modals[0].trigger_id == "T.1");
    CHECK(effects.modals[0].view["callback_id"] == rc::outliers::kInvestigateCallback);
    CHECK(rc::outliers::investigate_click({"", "C0CREW", "o-2026-10-29-1"}, f.context)
              .modals.empty());
    CHECK(rc::outliers::investigate_click({"T.1", "C0CREW", ""}, f.context).modals.empty());
}

TEST_CASE("a cause with one double quote is saved as typed", "[outliers]") {
    Fixture f;
    const rc::FormOutcome outcome = f.submit("U0BOB", "  Vendor said \"fixed & <done>\n");
    CHECK(outcome.errors.empty());
    REQUIRE(outcome.effects.posts.size() == 1);
    CHECK(outcome.effects.posts[0].channel == "C0CREW");
    CHECK(outcome.effects.posts[0].ephemeral_user.empty());
    CHECK_THAT(outcome.effects.posts[0].text,
               Contains("<@U0ALICE> opened an investigation of `o-2026-10-29-1`") &&
                   Contains("owner <@U0BOB>, cause: Vendor said \"fixed &amp; &lt;done&gt;."));
    const auto stored = rs::Investigations(f.db).find("C0CREW", "o-2026-10-29-1");
    REQUIRE(stored);
    CHECK(stored->cause == "Vendor said \"fixed & <done>");
    CHECK(stored->owner == "U0BOB");
    CHECK(stored->opened_by == "U0ALICE");
}

TEST_CASE("a wrong form keeps the modal open with the error under its field", "[outliers]") {
    Fixture f;
    const auto error_of = [](const rc::FormOutcome& outcome, std::string_view block) {
        const auto it = outcome.errors.find(std::string(block));
        return it == outcome.errors.end() ? std::string() : it->second;
    };
    CHECK(error_of(f.submit("", "x"), rc::outliers::kOwnerBlock) == "Pick who owns it");
    CHECK_THAT(error_of(f.submit("U0BOB", "x", "o-1999-01-01-1"), rc::outliers::kCauseBlock),
               Contains("There is no outlier `o-1999-01-01-1`"));
    CHECK_THAT(error_of(f.submit("U0BOB", std::string(501, 'c')), rc::outliers::kCauseBlock),
               Contains("Keep the cause under 500 characters"));
    CHECK(f.submit("U0BOB", std::string(501, 'c')).effects.posts.empty());
    CHECK_FALSE(rs::Investigations(f.db).find("C0CREW", "o-2026-10-29-1"));
}

// Issue 14 changed this: an empty cause used to keep the form open ("Say what caused it"); now
// the owner alone is the first of two steps.
TEST_CASE("the form with only the owner assigns the investigation and tells the owner",
          "[outliers]") {
    Fixture f;
    const rc::FormOutcome outcome = f.submit("U0BOB", " \n ");
    CHECK(outcome.errors.empty());
    REQUIRE(outcome.effects.posts.size() == 2);
    CHECK(outcome.effects.posts[0].channel == "C0CREW");
    CHECK_THAT(outcome.effects.posts[0].text,
               Contains("<@U0ALICE> asked <@U0BOB> to investigate `o-2026-10-29-1`"));
    const rc::Post& direct = outcome.effects.posts[1];
    CHECK(direct.channel == "U0BOB");
    CHECK_THAT(direct.text, Contains("You own the investigation") && Contains("<#C0CREW>"));
    REQUIRE(direct.blocks.is_array());
    const auto value = direct.blocks[0]["accessory"]["value"].get<std::string>();
    const auto target = ritualbot::commands::render::read_investigation_metadata(value);
    REQUIRE(target);
    CHECK((target->channel == "C0CREW" && target->outlier_id == "o-2026-10-29-1"));
    const auto stored = rs::Investigations(f.db).find("C0CREW", "o-2026-10-29-1");
    REQUIRE(stored);
    CHECK(stored->owner == "U0BOB");
    CHECK(stored->cause.empty());
}

TEST_CASE("the button names its channel, so a click in the DM copy opens the crew's form",
          "[outliers]") {
    Fixture f;
    const std::string value =
        ritualbot::commands::render::investigation_reference({"C0CREW", "o-2026-10-29-1"});
    const rc::Effects effects = rc::outliers::investigate_click({"T.1", "D0ALICE", value}, f.context);
    REQUIRE(effects.modals.size() == 1);
    const auto target = ritualbot::commands::render::read_investigation_metadata(
        effects.modals[0].view["private_metadata"].get<std::string>());
    REQUIRE(target);
    CHECK(target->channel == "C0CREW");
    CHECK(target->outlier_id == "o-2026-10-29-1");
}
