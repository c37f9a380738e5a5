#pragma once
// The ticket as a source delivers it, and the one validator every source goes through (CSV,
// JSON, the generator's CSV): DESIGN.md "Ticket data". A source hands over the text of each
// column it has; parse_ticket checks and converts it, so a CSV row and a JSON item with the
// same values become the same row with the same error messages.
// Pure functions and immutable tables, safe from any thread.

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "commands/result.hpp"
#include "storage/tickets.hpp"

namespace ritualbot::commands {

// The columns a source may have, in DESIGN.md order.
enum class TicketColumn : unsigned {
    id,
    created_at,
    first_response_at,
    resolved_at,
    request_type,
    channel,  // the contact path (email, chat, …), stored as contact_channel
    agent,
    reopens,
    escalated,
    csat,
    recontact,
    checklist_skipped,
    manual_retries,
    tags,
    requester,
    source,
    escalated_at,
    deflected,
    repeat_info,
    policy_exception,
};
inline constexpr std::size_t kTicketColumnCount = 20;
extern const std::array<std::string_view, kTicketColumnCount> kTicketColumnNames;

// The column a header names (case-insensitive, blanks around it ignored); nullopt if unknown.
std::optional<TicketColumn> ticket_column(std::string_view header);

// Per column: nullopt when the source does not have the column at all (its stored value is
// kept on re-import, NULL for a new ticket); "" when it has it but the value is empty (unknown).
using TicketFieldsText = std::array<std::optional<std::string_view>, kTicketColumnCount>;

struct Ticket {
    storage::TicketRow row;  // channel and requester_hash left for the importer to fill in
    std::optional<std::string> requester;  // the raw key; hashed, never stored
};

// The reason is one short phrase naming the column and the value ("csat 7 is outside 1–5").
Result<Ticket> parse_ticket(const TicketFieldsText& fields);

}  // namespace ritualbot::commands
