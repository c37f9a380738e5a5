#pragma once
// The audit row written with each change a person makes. Call inside the change's
// storage::Transaction. Not thread-safe: uses the caller's Database.

#include <cstdint>
#include <string>

#include "commands/request.hpp"
#include "storage/database.hpp"

namespace ritualbot::commands {

void audit(storage::Database& db, const Request& request, std::string action, std::string detail,
           std::int64_t now);

}  // namespace ritualbot::commands
