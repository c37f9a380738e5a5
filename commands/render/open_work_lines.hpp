#pragma once
// One mrkdwn line per open item (commands/handoff/open_work.hpp), as the captain's handoff and
// the Home tab list them: what it is, whose it is, how old or how due.

#include "commands/handoff/open_work.hpp"

#include <string>

namespace ritualbot::commands::render {

// A procedure's name as a link to its document, or in code quotes without one.
std::string procedure_link(const std::string& name, const std::string& link);

// With `in_channel`, the line ends with the crew's channel (the Home tab spans crews).
std::string investigation_line(const handoff::Investigation& item, bool in_channel = false);
std::string improvement_line(const handoff::Improvement& item, bool in_channel = false);
std::string procedure_line(const handoff::MarkedProcedure& item);
std::string unclaimed_line(const handoff::UnclaimedOutlier& item);

}  // namespace ritualbot::commands::render
