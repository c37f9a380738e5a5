// The incident review's renderings pinned to expected JSON in tests/render/: the review form
// (prefilled, as `/incident edit` opens it) and the published summary.

#include <catch2/catch.hpp>

#include "commands/render/incident_blocks.hpp"
#include "commands/render/incident_modals.hpp"
#include "golden.hpp"

namespace render = ritualbot::commands::render;
using ritualbot::test::check_rendering;

namespace {

ritualbot::storage::Incident sample_incident() {
    ritualbot::storage::Incident incident;
    incident.id = 3;
    incident.channel = "C0CREW";
    incident.fields = {"Refund emails sent <twice>",
                       "A retry re-sent refund emails.",
                       "09:40 First ticket\n10:05 Retries spotted",
                       "A timeout that had succeeded.",
                       "120 customers, 34 tickets, 2 hours.",
                       "Nothing showed it could send twice.",
                       "Add a dedupe check @U3 #refunds"};
    incident.created_by = "U2";
    return incident;
}

}  // namespace

TEST_CASE("the review form matches tests/render/incident_modal.json", "[render]") {
    const auto incident = sample_incident();
    check_rendering("incident_modal", render::review_view({"C0CREW", 3, incident.fields}));
    const auto metadata = render::read_review_metadata(
        render::review_view({"C0CREW", 3, incident.fields})["private_metadata"].get<std::string>());
    REQUIRE(metadata);
    CHECK(metadata->incident_id == 3);
}

TEST_CASE("a published review matches tests/render/incident_published.json", "[render]") {
    render::IncidentSummary summary{sample_incident()};
    summary.incident.published = true;
    summary.notes.push_back({1, 3, "Paused the retries &amp; alerts", "U4", "U3", "10:20",
                             "https://crew.slack.com/archives/C0CREW/p1", 0});
    summary.countermeasures = {"*#12* Add a dedupe check — owner <@U3>, due Mon 14 Dec, `refunds`"};
    summary.status = "Published Fri 27 Nov by <@U2> · opened by <@U2>";
    summary.thanked = {"U2", "U3", "U4"};
    check_rendering("incident_published", render::incident_blocks(summary));
}
