#pragma once
// Date-times as helpdesk exports write them. ISO 8601 with an offset (parse_iso8601_ms) is
// read as is; exports also write "2026-11-20 09:15:00 +0100", "2026-11-20 09:15 UTC" or a bare
// "2026-11-20 09:15:00", which is local time in the helpdesk account's zone: that zone is not
// in the file, so it is read in the zone the caller gives (the channel's), and the import
// summary says so. Day-first and month-first dates (20/11/2026, 11/20/2026) are refused: one
// cannot tell them apart.
// Pure; safe from any thread once the tz database is loaded.

#include <cstdint>
#include <optional>
#include <string_view>

namespace date {
class time_zone;
}

namespace ritualbot::commands {

struct ExportTime {
    std::int64_t unix_ms = 0;
    bool local = false;  // had no offset: read in the given zone
};

// nullopt when the text is none of the forms above (or names a date that does not exist).
std::optional<ExportTime> parse_export_time(std::string_view text, const date::time_zone* zone);

}  // namespace ritualbot::commands
