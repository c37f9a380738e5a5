#pragma once

// Every scheduled run the bot has dealt with, one row per (ritual, channel, local date): fired,
// or skipped (superseded by a later occurrence, given up after failing, or before the ritual's
// first run). The primary key is what makes a run happen at most
// once across restarts and across two instances sharing the file: record inside the run's
// Transaction, and only the first recorder gets true.
// Threading: like the Database it holds a reference to, one thread only.

#include <cstdint>
#include <optional>
#include <string>

#include "storage/database.hpp"

namespace ritualbot::storage {

enum class RunState { fired, skipped };

struct ScheduledRun {
    std::string ritual, channel, local_date;
    RunState state = RunState::fired;
    std::int64_t fire_at = 0;  // when it was due, unix ms
    std::int64_t recorded_at = 0;
};

class ScheduledRuns {
public:
    explicit ScheduledRuns(Database& db) : db_(db) {}

    // False, changing nothing, when the run was recorded already.
    bool record(const ScheduledRun& run);
    std::optional<ScheduledRun> find(const std::string& ritual, const std::string& channel,
                                     const std::string& local_date);
    // The latest local date recorded for `ritual` in `channel`, fired or skipped; nullopt
    // when none was.
    std::optional<std::string> latest_date(const std::string& ritual, const std::string& channel);
    // The latest local date before `before` (YYYY-MM-DD) on which the ritual fired in the
    // channel; skipped runs do not count.
    std::optional<std::string> last_fired_before(const std::string& ritual,
                                                 const std::string& channel,
                                                 const std::string& before);

private:
    Database& db_;
};

std::string to_string(RunState state);

}  // namespace ritualbot::storage
