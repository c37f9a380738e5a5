#pragma once
// Everything ritualbot keeps about one channel's rituals, as one JSON document, so a crew can
// leave with its data (`ritualbot export`). Votes are exported as counts per suggestion, never
// who voted; an anonymous suggestion's author is left out; tickets are summarised by count
// (the crew's helpdesk has them). Threading: the caller's Database, on its thread.

#include <nlohmann/json.hpp>

#include <string>

#include "storage/database.hpp"

namespace ritualbot::storage {

nlohmann::json export_channel(Database& db, const std::string& channel);

}  // namespace ritualbot::storage
