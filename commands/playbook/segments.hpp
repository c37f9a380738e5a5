#pragma once
// The tickets a procedure governs: the whole crew, one request type, one contact path or one
// tag (`request_type=billing`, `channel=chat`, `tag=vip`), so its scorecard can compute its
// indicators over those tickets only. Pure functions.

#include <string>
#include <string_view>

#include "commands/result.hpp"
#include "storage/tickets.hpp"

namespace ritualbot::commands::playbook {

struct ProcedureSegment {
    std::string dimension = "all";  // all | request_type | channel | tag
    std::string value{};            // empty with all
};

// `request_type=billing`, `channel=chat`, `tag=vip` or `all`; an error says what is accepted.
Result<ProcedureSegment> parse_segment(std::string_view text);
// "request type billing", "the chat contact path", "tickets tagged vip", "the whole crew";
// escaped for mrkdwn.
std::string describe(const ProcedureSegment& segment);
// Whether the ticket is in the segment; values compare without case, tags one by one.
bool contains(const ProcedureSegment& segment, const storage::TicketRow& ticket);

}  // namespace ritualbot::commands::playbook
