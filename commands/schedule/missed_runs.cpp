#include "commands/schedule/missed_runs.hpp"

#include "commands/schedule/local_time.hpp"
#include "commands/schedule/scheduler.hpp"

namespace ritualbot::commands {

std::optional<DueRun> due_run(std::string_view ritual, const std::string& channel,
                              const FireRule& rule, std::chrono::sys_seconds now,
                              std::optional<std::int64_t> since_ms) {
    const auto is_the_rituals = [&](const FireTime& fire) {
        return !since_ms || to_unix_ms(fire.at) >= *since_ms;
    };
    const auto fire = latest_fire_at_or_before(rule, now);
    if (!fire || !is_the_rituals(*fire)) return std::nullopt;
    DueRun run{std::string(ritual), channel, format_date(fire->date), fire->at};
    run.knows_start = since_ms.has_value();
    const auto before = latest_fire_at_or_before(rule, fire->at - std::chrono::seconds(1));
    if (before && is_the_rituals(*before))
        run.previous = PastRun{format_date(before->date), before->at};
    return run;
}

MissedRunPlan plan_missed_run(const MissedRunFacts& facts, std::chrono::minutes on_time) {
    if (facts.recorded) return {RunStep::nothing, false, false};
    if (facts.before_last_run) return {RunStep::baseline, false, false};
    const bool late = facts.late_by > on_time;
    if (!facts.knows_start && !facts.ever_ran) {
        // The ritual was set up a moment ago, as far as anyone knows: the previous occurrence
        // was never its, and a late one is its last past run, not a missed one.
        return {late ? RunStep::baseline : RunStep::fire, false, false};
    }
    return {RunStep::fire, late, facts.previous_pending};
}

}  // namespace ritualbot::commands
