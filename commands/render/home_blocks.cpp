#include "commands/render/home_blocks.hpp"

#include "commands/render/block_kit.hpp"
#include "commands/render/open_work_lines.hpp"
#include "commands/render/titled_list.hpp"
#include "commands/tokenizer.hpp"

namespace ritualbot::commands::render {
namespace {

using nlohmann::json;

std::string channel_ref(const std::string& channel) {
    return std::string("<#").append(channel).append(">");
}

std::string captain_line(const home::CrewCaptain& crew) {
    std::string line = channel_ref(crew.channel).append(": ");
    if (crew.you_are_captain)
        line.append("*you* are captain today");
    else
        line.append(crew.captain.empty() ? std::string("nobody is captain right now")
                                         : crew.captain + " is captain today");
    if (crew.your_shifts.empty())
        return line.append(crew.you_are_captain ? ". No later shift of yours is planned."
                                                : ". No shift of yours is planned.");
    line.append(". Your next shifts: ");
    for (std::size_t i = 0; i < crew.your_shifts.size(); ++i)
        line.append(i == 0 ? "" : ", ").append(crew.your_shifts[i]);
    return line.append(".");
}

std::string ballot_line(const home::OpenBallot& ballot) {
    return channel_ref(ballot.channel)
        .append(": round ")
        .append(std::to_string(ballot.round_number))
        .append(" is voting — the ballot is in the channel");
}

std::string owned_procedure_line(const home::OwnedProcedure& procedure) {
    std::string line = procedure_link(procedure.name, procedure.link);
    if (procedure.link.empty()) line.append(" (no document linked yet)");
    return line.append(" in ").append(channel_ref(procedure.channel));
}

void add_captains(json& blocks, const home::HomeView& view) {
    add_titled_list(blocks, "Captains", view.captains, captain_line);
}

void add_ballots(json& blocks, const home::HomeView& view) {
    add_titled_list(blocks, "Ballots waiting for your vote", view.ballots, ballot_line);
}

void add_investigations(json& blocks, const home::HomeView& view) {
    add_titled_list(blocks, "Investigations you own", view.investigations,
                    [](const handoff::Investigation& i) { return investigation_line(i, ReadBy::owner); });
}

void add_improvements(json& blocks, const home::HomeView& view) {
    add_titled_list(blocks, "Improvements you own", view.improvements,
                    [](const handoff::Improvement& i) { return improvement_line(i, ReadBy::owner); });
}

std::string draft_incident_line(const home::DraftIncident& incident) {
    std::string line = std::string("#")
                           .append(std::to_string(incident.id))
                           .append(" *")
                           .append(escape_mrkdwn(incident.title))
                           .append("* in ")
                           .append(channel_ref(incident.channel));
    switch (incident.role) {
        case home::IncidentRole::opened:
            line.append(": you opened it");
            break;
        case home::IncidentRole::contributed:
            line.append(": you added to it");
            break;
        case home::IncidentRole::named:
            line.append(": you are named in its timeline");
            break;
    }
    return line.append(" — `/incident edit ")
        .append(std::to_string(incident.id))
        .append("`, then `/incident publish ")
        .append(std::to_string(incident.id))
        .append("`");
}

void add_incidents(json& blocks, const home::HomeView& view) {
    add_titled_list(blocks, "Incidents awaiting your input", view.incidents, draft_incident_line);
}

void add_procedures(json& blocks, const home::HomeView& view) {
    add_titled_list(blocks, "Procedures you own", view.procedures, owned_procedure_line);
}

}  // namespace

json home_view(const home::HomeView& view) {
    json blocks = json::array();
    blocks.push_back({{"type", "header"}, {"text", plain_text("Your rituals")}});
    if (view.crews.empty()) {
        blocks.push_back(section(mrkdwn(
            "You are in no crew yet. Use a command (or mention me) in your crew's channel, or "
            "ask to be put on its captain roster (`/captain add @you`): this tab then shows "
            "your shifts, ballots and what you own. `/ritual help` lists every command.")));
    }
    const std::size_t before = blocks.size();
    add_captains(blocks, view);
    add_ballots(blocks, view);
    add_investigations(blocks, view);
    add_improvements(blocks, view);
    add_incidents(blocks, view);
    add_procedures(blocks, view);
    if (!view.crews.empty() && blocks.size() == before)
        blocks.push_back(section(mrkdwn("Nothing is waiting for you. :tada:")));
    blocks.push_back(context(
        mrkdwn("Commands work here too: write `captain who` or `suggest …` in the Messages tab.")));
    return {{"type", "home"}, {"blocks", std::move(blocks)}};
}

}  // namespace ritualbot::commands::render
