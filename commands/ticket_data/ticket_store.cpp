#include "commands/ticket_data/ticket_store.hpp"

#include "commands/ticket_data/requester_hash.hpp"

namespace ritualbot::commands {

TicketStore::TicketStore(storage::Database& db, const std::string& channel)
    : key_(storage::Tickets(db).requester_key()), writer_(db), channel_(channel) {}

void TicketStore::put(Ticket& ticket) {
    ticket.row.channel = channel_;
    if (ticket.requester) ticket.row.requester_hash = requester_hash(*ticket.requester, key_);
    writer_.upsert(ticket.row);
}

}  // namespace ritualbot::commands
