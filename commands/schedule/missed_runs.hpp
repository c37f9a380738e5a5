#pragma once
// What the scheduler does with a run it finds due: the missed-run rule. A run missed while
// the bot was down (or while a sandbox clock jumped) fires when the bot comes back, once —
// unless the same ritual's next occurrence has come since, in which case only the newest one
// fires and the older one is recorded as superseded. A ritual configured for the first time
// has no past runs: nothing before its set-up time is owed. Nothing before the ritual's last
// run is owed either (its rule moved; see also rule_change.hpp). Pure; safe from any thread.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "commands/schedule/fire_times.hpp"
#include "commands/schedule/scheduler.hpp"

namespace ritualbot::commands {

// The run of `ritual` in `channel` due at `now`: the latest fire time at or before `now`, with
// the occurrence before it. `since_ms` is when the ritual was set up in the channel (unix ms):
// occurrences before it are not the ritual's. nullopt for `since_ms` when the ritual does not
// know; then the first run the scheduler sees decides (see MissedRunFacts::knows_start).
std::optional<DueRun> due_run(std::string_view ritual, const std::string& channel,
                              const FireRule& rule, std::chrono::sys_seconds now,
                              std::optional<std::int64_t> since_ms);

struct MissedRunFacts {
    bool recorded = false;          // this occurrence was dealt with already
    bool previous_pending = false;  // the occurrence before it is the ritual's and unrecorded
    bool ever_ran = false;          // some run of this ritual in this channel is recorded
    bool knows_start = true;        // the ritual knows when it was set up in the channel
    std::chrono::seconds late_by{0};
    // A later occurrence is recorded: the rule moved (its time, days or zone) since, and a
    // catch-up covers only what comes after the ritual's last run.
    bool before_last_run = false;
};

enum class RunStep {
    nothing,   // already dealt with
    fire,      // fire it now (on time, or late after a restart)
    baseline,  // recorded without firing, so it owes nothing from before (no log line):
               // first sight of a ritual that does not know its set-up time, found late, or
               // an occurrence older than the ritual's last run
};

struct MissedRunPlan {
    RunStep step = RunStep::nothing;
    bool late = false;                // fired more than `on_time` after its fire time
    bool supersede_previous = false;  // record the occurrence before it as superseded
};

// `on_time`: how late a run still counts as on time (for the log, and for the baseline).
MissedRunPlan plan_missed_run(const MissedRunFacts& facts, std::chrono::minutes on_time);

}  // namespace ritualbot::commands
