#pragma once
// The one way validated tickets reach the tickets table, for every source (CSV, JSON, the
// helpdesk connectors): sets the channel, hashes the raw requester key (requester_hash) and
// upserts. Runs inside the caller's transaction; it opens none itself.
// Threading: uses the Database it is given, on the calling thread.

#include <string>

#include "commands/ticket_data/ticket.hpp"
#include "storage/database.hpp"
#include "storage/tickets.hpp"

namespace ritualbot::commands {

class TicketStore {
public:
    TicketStore(storage::Database& db, const std::string& channel);

    void put(Ticket& ticket);

private:
    std::string key_;
    storage::TicketWriter writer_;
    const std::string& channel_;
};

}  // namespace ritualbot::commands
