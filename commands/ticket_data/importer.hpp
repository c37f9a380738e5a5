#pragma once
// Getting tickets in: a CSV file (`ritualbot import`) or a JSON body (`POST /ingest/tickets`).
// Both validate every row with parse_ticket, upsert the valid ones and report each rejected row
// with its line number and reason. Re-importing a ticket id updates it, so imports are
// idempotent. The requester is hashed (requester_hash) before anything is stored.
// Rows commit in batches (storage::BatchedTransaction: each holds the write lock at most 25 ms)
// with a short gap between them, so a big import against the live database leaves the bot its
// turns at the write lock; a failure of the database rolls back the batch it hit, and what
// committed before stays (run the import again: it upserts). Must not be called inside another transaction.
// Threading: uses the Database it is given, on the calling thread; the bot runs imports on its
// worker (bot/runtime/worker.hpp), which has its own connection.

#include <cstddef>
#include <istream>
#include <string>
#include <string_view>
#include <vector>

#include "commands/ticket_data/column_map.hpp"
#include "commands/ticket_data/import_summary.hpp"
#include "storage/database.hpp"

namespace ritualbot::commands {

struct RowError {
    std::size_t line;    // CSV: the line the record starts on; JSON array: the item (1-based);
                         // NDJSON: the line
    std::string reason;  // plain text, e.g. "csat \"7\" is outside 1–5"
};

struct ImportReport {
    std::size_t accepted = 0;
    std::vector<RowError> rejected;
    std::size_t rejected_count = 0;  // all of them, also those past the listed ones
    std::string note;  // how the input was read, when that is worth saying (its encoding)
    ImportSummary summary;  // of the accepted rows (nothing is stored when the file is refused)
};

// The header row names the columns: DESIGN.md's names ("Ticket data"), a helpdesk export a
// preset knows (csv_presets.hpp; recognised by its header unless options.preset names one),
// and options.map on top (column_map.hpp). id and created_at are required, unknown columns are
// ignored. A header without them rejects the whole file (line 1) and names the presets.
// Times an export writes without an offset are read in the channel's time zone.
// Text must be UTF-8: a row with a byte that is not is rejected, with its line and column;
// a whole file in Windows-1252 (no UTF-8 in it, every byte defined there) is converted, and
// `note` says so. Converting reads the file twice, so a stream that cannot seek (stdin) is
// not converted: its rows are rejected instead.
ImportReport import_tickets_csv(storage::Database& db, const std::string& channel,
                                std::istream& csv, const ImportOptions& options = {});

// A JSON array of ticket objects, or NDJSON (one object a line). Keys are the CSV column
// names; values may be strings, numbers, booleans or null; `tags` may be an array of strings.
// A body that is neither, or is not UTF-8, is one reject (nothing is stored).
ImportReport ingest_tickets_json(storage::Database& db, const std::string& channel,
                                 std::string_view body);

}  // namespace ritualbot::commands
