#pragma once
// POST /ingest/tickets?channel=C: a signed JSON batch of tickets for one crew (see
// signature.hpp for the signature, commands/ticket_data/importer.hpp for the rows). Answers 503
// while no ingest secret is set, 401 for a bad signature, 422 when every row was rejected.

#include "bot/http/http_server.hpp"

#include <string>

namespace ritualbot::storage {
class Database;
}

namespace ritualbot::bot::http {

Response ingest_tickets(storage::Database& db, const std::string& ingest_secret,
                        const Request& request);

}  // namespace ritualbot::bot::http
