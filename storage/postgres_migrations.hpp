#pragma once

// PostgreSQL's numbered schema migrations (issue 19). Append only, as for SQLite
// (migrations.hpp); each engine has its own numbering. Version 1 is the schema SQLite has at
// its version 18; a later change to the schema adds a migration to both lists, and
// tests/storage/schema_parity_test.cpp checks that the two still have the same tables and
// columns. The version lives in the one-row table ritualbot_schema; migrate() (database.hpp)
// applies them.

#include <span>

#include "storage/database.hpp"
#include "storage/migrations.hpp"

namespace ritualbot::storage {

std::span<const Migration> postgres_migrations();

// 0 for a database ritualbot has never migrated.
int postgres_schema_version(Database& db);

}  // namespace ritualbot::storage
