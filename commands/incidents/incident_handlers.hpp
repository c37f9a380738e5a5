#pragma once
// Internal to commands/incidents/: the /incident handlers and what they share: finding a
// channel's incident by the number people type, its label, the summary both `show` and
// `publish` render, and the refusal to change a published review.

#include <chrono>
#include <string>

#include "commands/command_table.hpp"
#include "commands/render/incident_blocks.hpp"
#include "commands/result.hpp"
#include "commands/schedule/local_time.hpp"
#include "storage/incidents.hpp"

namespace ritualbot::commands::incidents {

Reply no_database();

// The channel's incident the token names ("3" or "#3"), or an error saying why not.
Result<storage::Incident> find_incident(storage::Database& db, const std::string& channel,
                                        const Token& token);

// "#3", as people refer to an incident (and its audit rows do).
std::string numbered(std::int64_t id);

// "#3 *Refund emails sent twice*", the title escaped.
std::string label(const storage::Incident& incident);

// "14:05": the instant's local time of day in the zone.
std::string local_time_of(const date::time_zone* zone, std::chrono::sys_seconds instant);

// Says the review was published (when, by whom) and cannot change any more.
std::string published_refusal(const storage::Incident& incident, const date::time_zone* zone);

// The incident as show and publish render it: its notes, its countermeasures (as improvements
// once published, as written while a draft) and its status line.
render::IncidentSummary summary_of(storage::Database& db, const storage::Incident& incident,
                                   const date::time_zone* zone);

// Records that the person contributed to the incident (created, edited or added a note).
void record_contribution(storage::Database& db, std::int64_t incident_id, const std::string& user,
                         const Clock& clock);

Reply open_review(const Request&, const Args&, Context&);
Reply edit(const Request&, const Args&, Context&);
Reply note(const Request&, const Args&, Context&);
Reply publish(const Request&, const Args&, Context&);
Reply list(const Request&, const Args&, Context&);
Reply show(const Request&, const Args&, Context&);

}  // namespace ritualbot::commands::incidents
