// The right way, compiled with the same flags as the wrong-way probes: a storage/ file may
// include its own layer, config/ and SQLiteCpp.
#include "config/settings.hpp"
#include "storage/database.hpp"

#include <SQLiteCpp/Database.h>
#include <nlohmann/json.hpp>
