#pragma once
// What a first `ritualbot sandbox` starts with, so every ritual has something to show: the
// five sandbox people on the captain roster of #support-crew in the crew's time zone, a playbook
// of three procedures (one changed two weeks ago), a month of suggestions (when the /suggest
// ritual is registered) naming them, and 120 days of generated tickets for the outlier digest.
// Everything goes through the rituals' own commands and the ticket importer, as a crew would do it;
// the messages those commands would post are not sent. Runs on the calling thread with the database
// it is given, before the bot starts.

#include "emulator/workspace.hpp"

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

namespace ritualbot::storage {
class Database;
}

namespace ritualbot::bot::sandbox {

inline constexpr const char* kSandboxZone = "Europe/Berlin";

struct SeedReport {
    std::size_t roster = 0;
    std::size_t suggestions = 0;
    std::size_t tickets = 0;
    std::vector<std::string> notes;  // a command that did not do what the seed expected
};

SeedReport seed_sandbox(storage::Database& db, const emulator::Workspace& workspace,
                        std::chrono::system_clock::time_point now);

}  // namespace ritualbot::bot::sandbox
