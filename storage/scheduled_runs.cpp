#include "storage/scheduled_runs.hpp"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/VariadicBind.h>

namespace ritualbot::storage {

std::string to_string(RunState state) {
    return state == RunState::fired ? "fired" : "skipped";
}

// The run's claim: of several instances recording the same run, one insert wins.
bool ScheduledRuns::record(const ScheduledRun& run) {
    CachedStatement insert = db_.prepare(
        "INSERT INTO scheduled_runs (ritual, channel, local_date, state, "
        "fire_at, recorded_at) VALUES (?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (ritual, channel, local_date) DO NOTHING");
    insert->bind(1, run.ritual);
    insert->bind(2, run.channel);
    insert->bind(3, run.local_date);
    insert->bind(4, to_string(run.state));
    insert->bind(5, run.fire_at);
    insert->bind(6, run.recorded_at);
    return insert->exec() == 1;
}

std::optional<ScheduledRun> ScheduledRuns::find(const std::string& ritual,
                                                const std::string& channel,
                                                const std::string& local_date) {
    CachedStatement query = db_.prepare(
        "SELECT state, fire_at, recorded_at FROM scheduled_runs "
        "WHERE ritual = ? AND channel = ? AND local_date = ?");
    bind(*query, ritual, channel, local_date);
    if (!query->executeStep()) return std::nullopt;
    ScheduledRun run{ritual, channel, local_date};
    run.state = query->getColumn(0).getString() == "fired" ? RunState::fired : RunState::skipped;
    run.fire_at = query->getColumn(1).getInt64();
    run.recorded_at = query->getColumn(2).getInt64();
    return run;
}

std::optional<std::string> ScheduledRuns::latest_date(const std::string& ritual,
                                                      const std::string& channel) {
    CachedStatement query =
        db_.prepare("SELECT MAX(local_date) FROM scheduled_runs WHERE ritual = ? AND channel = ?");
    bind(query, ritual, channel);
    if (!query.executeStep() || query.getColumn(0).isNull()) return std::nullopt;
    return query.getColumn(0).getString();
}

std::optional<std::string> ScheduledRuns::last_fired_before(const std::string& ritual,
                                                            const std::string& channel,
                                                            const std::string& before) {
    CachedStatement query = db_.prepare(
        "SELECT MAX(local_date) FROM scheduled_runs WHERE ritual = ? AND "
        "channel = ? AND local_date < ? AND state = 'fired'");
    bind(query, ritual, channel, before);
    if (!query.executeStep() || query.getColumn(0).isNull()) return std::nullopt;
    return query.getColumn(0).getString();
}

}  // namespace ritualbot::storage
