#include "commands/home/home_view.hpp"

#include <algorithm>

#include "commands/captain/captain_plan.hpp"
#include "commands/crew_placement.hpp"
#include "commands/render/home_blocks.hpp"
#include "storage/incidents.hpp"
#include "storage/procedures.hpp"
#include "storage/suggestions.hpp"

namespace ritualbot::commands::home {
namespace {

// Enough shifts ahead to find a few of anyone's on a roster of a dozen.
constexpr int kShiftsAhead = 40;

std::optional<CrewCaptain> captain_of(const CaptainPlan& plan, const std::string& user,
                                      std::chrono::sys_seconds now) {
    if (plan.roster().empty()) return std::nullopt;
    const Projection projection = plan.project(now, kShiftsAhead);
    CrewCaptain crew{plan.channel()};
    std::size_t next = 0;
    if (projection.current) {
        const PlannedShift& current = projection.shifts[*projection.current];
        if (current.pick) {
            crew.captain = captain::captain_text(current);
            crew.you_are_captain = current.pick->user == user;
        }
        next = *projection.current + 1;
    }
    for (std::size_t i = next; i < projection.shifts.size(); ++i) {
        const PlannedShift& shift = projection.shifts[i];
        if (crew.your_shifts.size() == kShiftsShown) break;
        if (shift.starts_at > now && shift.pick && shift.pick->user == user)
            crew.your_shifts.push_back(captain::shift_label(plan, shift));
    }
    return crew;
}

std::optional<OpenBallot> ballot_without_vote(storage::Database& db, const std::string& channel,
                                              const std::string& user) {
    const auto round = storage::SuggestionRounds(db).current(channel, storage::RoundState::voting);
    if (!round || !storage::SuggestionVotes(db).of_voter(round->id, user).empty())
        return std::nullopt;
    return OpenBallot{channel, round->number};
}

// The channel's drafts the person opened, added to, or is named in (`<@U…>` in a timeline note).
std::vector<DraftIncident> drafts_awaiting(storage::Database& db, const std::string& channel,
                                           const std::string& user) {
    storage::Incidents incidents(db);
    const std::string mention = "<@" + user;
    std::vector<DraftIncident> out;
    for (storage::Incident& draft : incidents.drafts(channel)) {
        std::optional<IncidentRole> role;
        const auto contributors = incidents.contributors(draft.id);
        if (draft.created_by == user) {
            role = IncidentRole::opened;
        } else if (std::find(contributors.begin(), contributors.end(), user) !=
                   contributors.end()) {
            role = IncidentRole::contributed;
        } else {
            for (const storage::IncidentNote& note : incidents.notes(draft.id)) {
                // "<@U2>" or "<@U2|name>", not "<@U23>".
                const std::size_t at = note.text.find(mention);
                if (at == std::string::npos) continue;
                const char next = note.text[at + mention.size()];
                if (next == '>' || next == '|') role = IncidentRole::named;
            }
        }
        if (role) out.push_back({channel, draft.id, std::move(draft.fields.title), *role});
    }
    return out;
}

}  // namespace

HomeView gather_home(storage::Database& db, const std::string& user, const Clock& clock) {
    HomeView view{user, crews_of(db, user)};
    const auto now = now_seconds(clock);
    for (const std::string& channel : view.crews) {
        const CaptainPlan plan = CaptainPlan::load(db, channel);
        if (auto crew = captain_of(plan, user, now)) view.captains.push_back(std::move(*crew));
        if (auto ballot = ballot_without_vote(db, channel, user))
            view.ballots.push_back(std::move(*ballot));
        for (auto& i : handoff::open_investigations(db, channel, now_ms(clock)))
            if (i.owner == user) view.investigations.push_back(std::move(i));
        for (auto& i :
             handoff::open_improvements(db, channel, local_date_of(plan.config().zone, now)))
            if (i.owner == user) view.improvements.push_back(std::move(i));
        for (auto& draft : drafts_awaiting(db, channel, user))
            view.incidents.push_back(std::move(draft));
    }
    for (const storage::Procedure& p : storage::Procedures(db).owned_by(user))
        view.procedures.push_back({p.channel, p.name, p.link});
    return view;
}

HomeTab home_tab(storage::Database& db, const std::string& user, const Clock& clock) {
    return {user, render::home_view(gather_home(db, user, clock))};
}

}  // namespace ritualbot::commands::home
