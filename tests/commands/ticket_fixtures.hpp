#pragma once
// Tickets for the tests: stored the way the importer does (channel set, requester hashed),
// without a CSV round trip, so digest tests stay fast; or imported from CSV text into C1.

#include <chrono>
#include <sstream>
#include <string>
#include <vector>

#include <date/tz.h>

#include "commands/ticket_data/importer.hpp"
#include "commands/ticket_data/requester_hash.hpp"
#include "commands/ticket_data/ticket.hpp"
#include "storage/tickets.hpp"

namespace ritualbot::test {

inline const date::time_zone* utc() {
    return date::locate_zone("UTC");
}

// A billing ticket created at `created`, nothing else set.
inline commands::Ticket billing_ticket(const std::string& id, std::chrono::sys_seconds created) {
    commands::Ticket t;
    t.row.id = id;
    t.row.created_at =
        std::chrono::duration_cast<std::chrono::milliseconds>(created.time_since_epoch()).count();
    t.row.request_type = "billing";
    return t;
}

inline void store_tickets(storage::Database& db, const std::string& channel,
                          std::vector<commands::Ticket> tickets) {
    const std::string key = storage::Tickets(db).requester_key();
    storage::Transaction tx(db);
    storage::TicketWriter writer(db);
    for (commands::Ticket& t : tickets) {
        t.row.channel = channel;
        if (t.requester) t.row.requester_hash = commands::requester_hash(*t.requester, key);
        writer.upsert(t.row);
    }
    tx.commit();
}

inline commands::ImportReport import_csv(storage::Database& db, const std::string& text,
                                         const commands::ImportOptions& options = {}) {
    std::istringstream in(text);
    return commands::import_tickets_csv(db, "C1", in, options);
}

// The rejects as text, for a failing check's message.
inline std::string reasons(const commands::ImportReport& report) {
    std::string out;
    for (const auto& r : report.rejected) out += std::to_string(r.line) + ": " + r.reason + "\n";
    return out;
}

}  // namespace ritualbot::test
