#pragma once
// What an import brought in, for the person who ran it: rows, the range of creation dates,
// how often each ticket column has a value ("csat present on 61%"), which preset read the
// file and whether it was converted from another encoding. The CLI prints it, the Slack
// upload answers with it.
// A plain value; not thread-safe while being filled.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "commands/ticket_data/ticket.hpp"

namespace date {
class time_zone;
}

namespace ritualbot::commands {

struct ImportSummary {
    std::string preset;  // the preset's title ("Zendesk ticket export"); empty: DESIGN's names
    std::string notes;   // how the file was read: transcoding, times read in a zone
    std::size_t rows = 0;
    std::optional<std::int64_t> first_created_ms;
    std::optional<std::int64_t> last_created_ms;
    std::array<bool, kTicketColumnCount> in_file{};          // columns the file has
    std::array<std::size_t, kTicketColumnCount> present{};  // stored rows with a value

    void add(const Ticket& ticket);
};

// Several lines of plain text (no mrkdwn), dates in `zone` (nullptr: UTC):
//   "1,204 tickets from a Zendesk ticket export, created 2026-09-01 to 2026-11-30."
//   "first_response_at present on 98%, … csat present on 61%."
//   "Not in the file: recontact, checklist_skipped, manual_retries."
std::string format_import_summary(const ImportSummary& summary, const date::time_zone* zone);

}  // namespace ritualbot::commands
