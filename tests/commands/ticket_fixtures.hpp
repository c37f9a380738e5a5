#pragma once
// Stores generated tickets the way the importer does (channel set, requester hashed), without
// a CSV round trip, so digest tests stay fast.

#include <string>
#include <vector>

#include "commands/ticket_data/requester_hash.hpp"
#include "commands/ticket_data/ticket.hpp"
#include "storage/tickets.hpp"

namespace ritualbot::test {

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

}  // namespace ritualbot::test
