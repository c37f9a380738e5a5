// What Slack receives, pinned: each rendering of a domain value built here is compared with its
// expected JSON in tests/render/. A change shows up as a diff of the two, path by path.
// RITUALBOT_UPDATE_GOLDEN=1 writes the files from the current renderer instead (then review the
// change with git diff).

#include <catch2/catch.hpp>

#include <string>

#include "commands/outliers/digest.hpp"
#include "commands/render/ballot_blocks.hpp"
#include "commands/render/digest_blocks.hpp"
#include "commands/render/modals.hpp"
#include "golden.hpp"

namespace {

using nlohmann::json;
namespace rc = ritualbot::commands;
namespace render = ritualbot::commands::render;
using ritualbot::test::check_rendering;

rc::Digest sample_digest() {
    using namespace std::chrono;
    rc::Digest digest;
    digest.channel = "C0CREW";
    digest.date = year{2026} / October / 29;
    digest.timezone = "Europe/Berlin";
    digest.tickets = 412;
    digest.channel_has_tickets = true;
    digest.crew_metric = {"resolution", true, 9000.0, 7200.0, 380};
    digest.suppressed = 1;
    rc::Outlier slow;
    slow.id = "o-2026-10-29-1";
    slow.kind = rc::OutlierKind::ticket;
    slow.metric = "first_response";
    slow.segment = {"request_type", "billing & <refunds>"};
    slow.why = "first response 9h12m against a median of 22m";
    slow.tickets = {"T-101", "T-102"};
    slow.ticket_count = 5;
    rc::Outlier reopen;
    reopen.id = "o-2026-10-29-2";
    reopen.kind = rc::OutlierKind::rate;
    reopen.metric = "reopen_rate";
    reopen.segment = {"channel", "email"};
    reopen.why = "reopen rate 21% (9 of 42) against 6.0%";
    digest.outliers = {slow, reopen};
    rc::Indicator indicator;
    indicator.metric = "reopen_rate";
    indicator.days = {"2026-10-28", "2026-10-29"};
    indicator.values = {0.06, std::nullopt};
    indicator.week_change = 0.012;
    indicator.sparkline = "▁█";
    digest.indicators = {indicator};
    rc::OpenInvestigation open;
    open.outlier_id = "o-2026-10-20-3";
    open.metric = "resolution";
    open.segment = {"all", "all"};
    open.owner = "U0BOB";
    open.cause = "Vendor said \"fixed\" & moved on";
    open.days_open = 9;
    digest.investigations = {open};
    return digest;
}

rc::suggestions::BallotView sample_ballot() {
    rc::suggestions::BallotView view;
    view.channel = "C0CREW";
    view.round_id = 7;
    view.round_number = 3;
    view.votes_per_person = 3;
    for (int id = 1; id <= 3; ++id) {
        ritualbot::storage::Suggestion suggestion;
        suggestion.id = id;
        suggestion.channel = "C0CREW";
        suggestion.author = "U0ALICE";
        suggestion.text = "Suggestion " + std::to_string(id) + " &amp; more";
        if (id == 2) suggestion.procedure = "refunds";
        view.suggestions.push_back(suggestion);
    }
    view.tallies = {{1, 4}, {2, 1}};
    view.voters = 5;
    return view;
}

}  // namespace

TEST_CASE("the digest's blocks match tests/render/digest_blocks.json", "[render]") {
    check_rendering("digest_blocks", render::digest_blocks(sample_digest()));
}

TEST_CASE("a digest with nothing unusual matches tests/render/digest_quiet_blocks.json",
          "[render]") {
    rc::Digest quiet;
    quiet.channel = "C0CREW";
    quiet.date = std::chrono::year{2026} / std::chrono::October / 30;
    quiet.timezone = "UTC";
    quiet.tickets = 1;
    quiet.channel_has_tickets = true;
    check_rendering("digest_quiet_blocks", render::digest_blocks(quiet));
}

TEST_CASE("an open ballot matches tests/render/ballot_open.json", "[render]") {
    check_rendering("ballot_open", render::ballot_blocks(sample_ballot()));
}

TEST_CASE("a closed ballot matches tests/render/ballot_closed.json", "[render]") {
    auto view = sample_ballot();
    view.closed = true;
    view.show_tallies = true;
    view.winners = {1};
    check_rendering("ballot_closed", render::ballot_blocks(view));
}

TEST_CASE("the investigation modal matches tests/render/investigation_modal.json", "[render]") {
    check_rendering("investigation_modal",
                    render::investigation_view({"C0CREW", "o-2026-10-29-1"}));
}

TEST_CASE("the suggestion modal matches tests/render/suggestion_modal.json", "[render]") {
    check_rendering("suggestion_modal", render::suggestion_view({"C0CREW"}));
    check_rendering("suggestion_modal_prefilled",
                    render::suggestion_view({"C0CREW", "From a message: <not a link> & more"}));
}

TEST_CASE("the investigation modal's metadata reads back and nothing else does", "[render]") {
    const auto view = render::investigation_view({"C0CREW", "o-2026-10-29-1"});
    const auto read =
        render::read_investigation_metadata(view["private_metadata"].get<std::string>());
    REQUIRE(read);
    CHECK(read->channel == "C0CREW");
    CHECK(read->outlier_id == "o-2026-10-29-1");
    CHECK_FALSE(render::read_investigation_metadata("C0CREW"));
    CHECK_FALSE(render::read_investigation_metadata("[1]"));
}
