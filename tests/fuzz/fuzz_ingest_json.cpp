// libFuzzer target: the ticket ingest body (JSON array or NDJSON) into an in-memory database
// (commands/ticket_data/importer.hpp ingest_tickets_json). Every input is accepted or rejected row
// by row; nothing may crash or throw out of the importer.

#include "commands/ticket_data/importer.hpp"
#include "storage/database.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using ritualbot::storage::Database;
    // A fresh database now and then keeps the ticket table (and each run's cost) small.
    static std::unique_ptr<Database> db;
    static int runs = 0;
    if (!db || ++runs % 1000 == 0) db = std::make_unique<Database>(Database::open_in_memory());
    (void)ritualbot::commands::ingest_tickets_json(
        *db, "C0FUZZ", std::string_view(reinterpret_cast<const char*>(data), size));
    return 0;
}
