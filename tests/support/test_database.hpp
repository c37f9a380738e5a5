#pragma once

// The database a unit test of commands/ or bot/ works on: SQLite in memory, or a fresh
// PostgreSQL schema when RITUALBOT_TEST_STORE=postgresql (CTest registers the commands suite a
// second time that way, "postgresql: …", so every command's SQL runs on both engines).
// query_int and query_text read one value with SQL both engines accept.

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "storage/database.hpp"
#include "support/stores.hpp"

namespace ritualbot::test {

inline bool testing_on_postgres() {
    const char* store = std::getenv("RITUALBOT_TEST_STORE");
    return store != nullptr && std::string_view(store) == "postgresql";
}

inline storage::Database test_database() {
    if (!testing_on_postgres()) return storage::Database::open_in_memory();
    return storage::Database::open(PostgresStore::url_of(PostgresStore::create_schema()));
}

inline std::int64_t query_int(storage::Database& db, const std::string& sql) {
    storage::CachedStatement query = db.prepare(sql);
    query->executeStep();
    return query->getColumn(0).getInt64();
}

inline std::string query_text(storage::Database& db, const std::string& sql) {
    storage::CachedStatement query = db.prepare(sql);
    query->executeStep();
    return query->getColumn(0).getString();
}

}  // namespace ritualbot::test
