#pragma once
// The person's Home tab, as domain values: across their crews (crew_placement.hpp), who is
// captain today and their own next shifts, the ballots they have not voted on, the
// investigations and improvements they own, the incident reviews still in draft that they
// opened, added to or are named in, and every procedure they own. home_tab() renders it
// into the view bot/ publishes when they open the tab. Reads through the Database.

#include <cstdint>
#include <string>
#include <vector>

#include "commands/command_table.hpp"
#include "commands/handoff/open_work.hpp"

namespace ritualbot::commands::home {

struct CrewCaptain {
    std::string channel{};
    std::string captain{};  // mrkdwn ("<@U2>"); empty: nobody right now
    bool you_are_captain = false;
    std::vector<std::string> your_shifts{};  // "Tue 1 Dec", the next few after the current one
};

struct OpenBallot {
    std::string channel{};
    int round_number = 0;
};

struct OwnedProcedure {
    std::string channel{};
    std::string name{};
    std::string link{};  // empty: no document linked yet
};

// Why an incident review in draft waits for the person, strongest first.
enum class IncidentRole { opened, contributed, named };

struct DraftIncident {
    std::string channel{};
    std::int64_t id = 0;
    std::string title{};  // plain, as typed in the form
    IncidentRole role = IncidentRole::opened;
};

struct HomeView {
    std::string user{};
    std::vector<std::string> crews{};
    std::vector<CrewCaptain> captains{};                   // crews with a captain roster
    std::vector<OpenBallot> ballots{};                     // voting now, without their vote
    std::vector<handoff::Investigation> investigations{};  // open, theirs
    std::vector<handoff::Improvement> improvements{};      // open, theirs
    std::vector<DraftIncident> incidents{};                // drafts awaiting their input
    std::vector<OwnedProcedure> procedures{};
};

// How many of the person's coming shifts the tab lists per crew.
inline constexpr std::size_t kShiftsShown = 3;

HomeView gather_home(storage::Database& db, const std::string& user, const Clock& clock);

// The Home tab to publish for `user`.
HomeTab home_tab(storage::Database& db, const std::string& user, const Clock& clock);

}  // namespace ritualbot::commands::home
