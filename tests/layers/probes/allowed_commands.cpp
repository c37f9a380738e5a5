// The right way, compiled with the same flags as the wrong-way probes: a commands/ file may
// include its own layer, the ones below it and the libraries it links.
#include "commands/command_table.hpp"
#include "config/settings.hpp"
#include "storage/database.hpp"

#include <date/tz.h>
#include <nlohmann/json.hpp>
