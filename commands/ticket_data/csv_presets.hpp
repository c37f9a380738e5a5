#pragma once
// Helpdesk CSV exports whose header layout is public, recognised by their header row and
// mapped onto the ticket columns (DESIGN.md "Ticket data"). A preset says, per ticket column,
// which export column feeds it and how its values read (Zendesk's "Good"/"Bad", minutes after
// creation, space-separated tags, …), and what `source` the rows get, so the same ticket from
// the export and from the helpdesk's API is one row with the helpdesk's own id.
// Layouts and where they come from:
// - zendesk: the ticket CSV export (Admin Center → Reports), columns as
//   ../shared/helpdesk-apis.md A1 lists them ("Id, Requester, …, Created at, …, Solved at,
//   Satisfaction Score, Group stations, …, Reopens, Replies, First reply time in minutes, …").
// - freshdesk: the ticket export (Tickets → Export), default field labels as Freshdesk's own
//   export code names them ("Ticket ID, Subject, …, Created time, …, Resolved time, …, Initial
//   response time, …, Tags, …", contact fields such as "Contact ID" when chosen).
// Immutable tables; safe from any thread.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "commands/ticket_data/ticket.hpp"

namespace ritualbot::commands {

// How an export column's text becomes a ticket column's text.
enum class Convert {
    text,                   // as written
    time,                   // parse_export_time: ISO 8601, "… +0100", "… UTC", or local
    minutes_after_created,  // a number of minutes after created_at: a time
    satisfaction,           // Good → 5, Bad → 1, Offered / Not Offered / Unoffered → unknown; 1–5
    more_than_one,          // a count: above 1 → 1, else 0 (group stations → escalated)
    space_list,             // "vip refund" → "vip;refund"
    comma_list,             // "vip, refund" → "vip;refund"
    lower,                  // "Web Form" → "web form"
};

struct ColumnRule {
    TicketColumn field;
    std::string header;  // the export's column, matched case-insensitively
    Convert convert = Convert::text;
};

struct CsvPreset {
    std::string_view name;   // what --preset takes and the summary shows: "zendesk"
    std::string_view title;  // "Zendesk ticket export"
    std::string_view source;  // stored in each row's source column
    std::vector<std::string_view> recognised_by;  // a header with all of these is this export
    // In order of preference: for a ticket column, the first rule whose header the file has.
    std::vector<ColumnRule> rules;
};

const std::vector<CsvPreset>& csv_presets();
const CsvPreset* preset_named(std::string_view name);
// The preset whose recognised_by headers are all in `header`; nullptr when none is.
const CsvPreset* recognise_preset(const std::vector<std::string>& header);
// "zendesk (Zendesk ticket export: Id, Created at, Solved at, Satisfaction Score), freshdesk (…)"
std::string describe_presets();

// Header names compare like this: case-insensitive, blanks around them ignored.
bool same_header(std::string_view a, std::string_view b);

}  // namespace ritualbot::commands
