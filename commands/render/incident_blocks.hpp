#pragma once
// An incident review as Block Kit: the summary `/incident publish` posts and `/incident show`
// answers with: a header with its number and title, one section per field of the template that
// is filled in, the timeline with the notes people added, the countermeasures, then who
// published it and whom the crew thanks. Each section is cut to Slack's 3,000 characters.
// Pure functions.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "storage/incidents.hpp"

namespace ritualbot::commands::render {

struct IncidentSummary {
    storage::Incident incident;
    std::vector<storage::IncidentNote> notes{};
    std::vector<std::string> countermeasures{};  // one mrkdwn line each, user text escaped
    std::string status{};                        // mrkdwn: "Draft, opened by …" / "Published …"
    std::vector<std::string> thanked{};          // user ids, in the order they contributed
};

nlohmann::json incident_blocks(const IncidentSummary& summary);
// The notification text: the incident's number and title.
std::string incident_text(const IncidentSummary& summary);
// "Thanks to <@U1>, <@U2> and <@U3> for contributing to this review."; empty for nobody.
std::string thanks_line(const std::vector<std::string>& users);

}  // namespace ritualbot::commands::render
