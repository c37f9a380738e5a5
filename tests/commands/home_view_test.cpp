// The Home tab: a person's captains and shifts across their crews, the ballot they have not
// voted on, the investigations, improvements and procedures they own, the incident reviews
// awaiting their input; pinned in tests/render/.

#include <catch2/catch.hpp>

#include "commands/home/home_view.hpp"
#include "commands/render/home_blocks.hpp"
#include "golden.hpp"
#include "storage/captain_roster.hpp"
#include "storage/incidents.hpp"
#include "storage/investigations.hpp"
#include "storage/suggestions.hpp"
#include "storage/suggestions_improvements.hpp"
#include "suggestions_fixture.hpp"

using namespace ritualbot;
using ritualbot::test::utc;

namespace {

namespace home = commands::home;
namespace render = commands::render;

home::HomeView sample_home() {
    home::HomeView view;
    view.user = "U2";
    view.crews = {"C0CREW", "C0NIGHT"};
    view.captains = {{"C0CREW", "<@U1>", false, {"Mon 30 Nov", "Wed 2 Dec"}},
                     {"C0NIGHT", "<@U2>", true, {}}};
    view.ballots = {{"C0CREW", 3}};
    view.investigations = {
        {"C0CREW", "o-2026-11-20-1", "reopen rate · billing", "U2", 7, true, false}};
    view.improvements = {{"C0NIGHT", 4, "*#4* Better refund macro", "U2", "2026-12-01", false}};
    view.incidents = {{"C0CREW", 3, "Refund emails sent twice", home::IncidentRole::contributed}};
    view.procedures = {{"C0CREW", "refunds", "https://wiki.example/refunds"},
                       {"C0NIGHT", "vip", ""}};
    return view;
}

}  // namespace

TEST_CASE("a Home tab matches tests/render/home_view.json", "[render]") {
    test::check_rendering("home_view", render::home_view(sample_home()));
}

TEST_CASE("the Home tab of someone in no crew says how to join one", "[render]") {
    const nlohmann::json view = render::home_view({"U9"});
    CHECK(view["type"] == "home");
    CHECK_THAT(view["blocks"].dump(), Catch::Contains("You are in no crew yet"));
    CHECK_THAT(view["blocks"].dump(), !Catch::Contains("Nothing is waiting"));
}

TEST_CASE("the Home tab gathers the person's crews and what they own", "[home]") {
    test::SuggestFixture crew;  // Friday 27 Nov 2026, 10:00 UTC; U1 is an admin
    crew.captain("add <@U1> <@U2>");
    storage::CaptainRoster(crew.db).add("C0NIGHT", "U3", 0, 1);  // not U2's crew
    crew.suggest("Better refund macro", "U2");
    crew.suggest("Shorter greeting", "U3");
    storage::Improvements(crew.db).add({1, "C0CREW", "U2", "2026-12-01", "", 1, 0, "", ""});
    storage::Improvements(crew.db).add({2, "C0CREW", "U1", "2026-12-01", "", 1, 0, "", ""});
    storage::Investigations(crew.db).assign({"C0CREW", "o-2026-11-20-1", "reopen_rate",
                                             "request_type", "billing", "U2", "", "U1", 1,
                                             std::nullopt, ""});
    crew.run("/playbook", "add refunds https://wiki.example/refunds", "U2");
    crew.run("/playbook", "add vip", "U1");

    home::HomeView view = home::gather_home(crew.db, "U2", crew.clock);
    CHECK(view.crews == std::vector<std::string>{"C0CREW"});
    REQUIRE(view.captains.size() == 1);
    const home::CrewCaptain& captain = view.captains[0];
    CHECK(captain.channel == "C0CREW");
    CHECK_FALSE(captain.captain.empty());
    CHECK(captain.your_shifts.size() == home::kShiftsShown);  // a roster of two: every other day
    CHECK(view.ballots.empty());                              // nobody is voting yet
    REQUIRE(view.investigations.size() == 1);
    CHECK(view.investigations[0].outlier_id == "o-2026-11-20-1");
    REQUIRE(view.improvements.size() == 1);
    CHECK(view.improvements[0].id == 1);
    REQUIRE(view.procedures.size() == 1);
    CHECK(view.procedures[0].name == "refunds");

    // Voting opens: the ballot waits for U2's vote until they cast one.
    storage::SuggestionRounds rounds(crew.db);
    const auto round = rounds.current("C0CREW", storage::RoundState::collecting);
    REQUIRE(round);
    rounds.start_voting(round->id, 2);
    view = home::gather_home(crew.db, "U2", crew.clock);
    REQUIRE(view.ballots.size() == 1);
    CHECK(view.ballots[0].channel == "C0CREW");
    storage::SuggestionVotes(crew.db).add(round->id, 2, "U2", 3);
    CHECK(home::gather_home(crew.db, "U2", crew.clock).ballots.empty());

    const commands::HomeTab tab = home::home_tab(crew.db, "U2", crew.clock);
    CHECK(tab.user == "U2");
    CHECK(tab.view["type"] == "home");
    CHECK_THAT(tab.view.dump(), Catch::Contains("Procedures you own"));
}

TEST_CASE("the Home tab lists the drafts a person opened, added to or is named in", "[home]") {
    test::SuggestFixture crew;  // Friday 27 Nov 2026, 10:00 UTC
    crew.captain("add <@U1> <@U2> <@U3> <@U4>");
    storage::Incidents incidents(crew.db);
    const auto draft = [&](const std::string& title, const std::string& by) {
        storage::Incident incident;
        incident.channel = "C0CREW";
        incident.fields.title = title;
        incident.created_by = by;
        return incidents.add(incident);
    };
    const auto opened = draft("Refund emails sent twice", "U2");
    const auto added = draft("Chat down for an hour", "U1");
    incidents.add_contributor(added, "U2", 1);
    const auto named = draft("Wrong VAT on invoices", "U1");
    incidents.add_note({0, named, "<@U2> spotted it first", "U1", "U1", "09:10", "", 1});
    const auto other = draft("Not theirs", "U1");
    incidents.add_note({0, other, "<@U23> and <@U3> looked", "U1", "U1", "09:20", "", 1});
    const auto published = draft("Already out", "U2");
    incidents.publish(published, "U1", 2);

    const home::HomeView view = home::gather_home(crew.db, "U2", crew.clock);
    REQUIRE(view.incidents.size() == 3);
    CHECK(view.incidents[0].id == opened);
    CHECK(view.incidents[0].role == home::IncidentRole::opened);
    CHECK(view.incidents[1].id == added);
    CHECK(view.incidents[1].role == home::IncidentRole::contributed);
    CHECK(view.incidents[2].id == named);
    CHECK(view.incidents[2].role == home::IncidentRole::named);
    CHECK_THAT(render::home_view(view).dump(),
               Catch::Contains("Incidents awaiting your input") &&
                   Catch::Contains("you are named in its timeline"));
    CHECK(home::gather_home(crew.db, "U4", crew.clock).incidents.empty());
}
