#pragma once

// `ritualbot migrate --to postgresql://…` (issue 19): copies every table of a SQLite database
// (but the digest's derived two, digest_texts.hpp) into another database (PostgreSQL, migrated
// and empty), in one transaction there, parents before the rows that refer to them, then
// checks the row count of every table on both sides.
// The requester hash key moves too, so hashed requesters keep matching. Ids keep their values,
// and PostgreSQL's id sequences continue after the highest copied id.

#include <cstdint>
#include <string>
#include <vector>

#include "storage/database.hpp"

namespace ritualbot::storage {

struct CopiedTable {
    std::string table;
    std::int64_t rows = 0;
};

// Throws std::runtime_error, changing nothing in `to`, when `from` is not at this build's schema
// version, when `to` already holds data, or when a count differs after the copy.
std::vector<CopiedTable> copy_database(Database& from, Database& to);

}  // namespace ritualbot::storage
