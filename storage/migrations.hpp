#pragma once

// The numbered schema migrations. Append only: a released migration is never edited, since
// databases in the field have already run it.
// Immutable data; safe from any thread.

#include <span>

namespace ritualbot::storage {

struct Migration {
    int version;       // the user_version after it runs: 1, 2, 3, … without gaps
    const char* name;  // shown in errors
    const char* sql;
};

std::span<const Migration> migrations();

}  // namespace ritualbot::storage
