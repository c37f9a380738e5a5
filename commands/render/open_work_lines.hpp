#pragma once
// One mrkdwn line per open item (commands/handoff/open_work.hpp), as the captain's handoff and
// the Home tab list them: what it is, whose it is, how old or how due.

#include "commands/handoff/open_work.hpp"

#include <string>

namespace ritualbot::commands::render {

// A procedure's name as a link to its document, or in code quotes without one.
std::string procedure_link(const std::string& name, const std::string& link);

// Who reads the line: the crew (the handoff: whose it is) or its owner (the Home tab, across
// crews: in which channel).
enum class ReadBy { crew, owner };

std::string investigation_line(const handoff::Investigation& item, ReadBy reader = ReadBy::crew);
std::string improvement_line(const handoff::Improvement& item, ReadBy reader = ReadBy::crew);
std::string procedure_line(const handoff::MarkedProcedure& item);
std::string unclaimed_line(const handoff::UnclaimedOutlier& item);

}  // namespace ritualbot::commands::render
