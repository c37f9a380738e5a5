#pragma once
// `/incident`: blameless incident reviews. A review is drafted in a form (the template in
// review_fields.hpp), added to by several people, published to the crew, and its
// countermeasures become improvements tracked like the Friday vote's winners.

#include <string_view>

#include "commands/command_table.hpp"

namespace ritualbot::commands {

inline constexpr std::string_view kIncidentCommand = "/incident";

Command make_incident_command();

}  // namespace ritualbot::commands
