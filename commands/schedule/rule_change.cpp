#include "commands/schedule/rule_change.hpp"

#include "commands/clock.hpp"
#include "commands/schedule/local_time.hpp"
#include "commands/schedule/schedule_reads.hpp"
#include "storage/scheduled_runs.hpp"

namespace ritualbot::commands {

RuleChange::RuleChange(Context& context, std::string channel)
    : context_(context), channel_(std::move(channel)) {
    for (const DueRun& run : due_runs()) due_before_.insert(run_key(run));
}

std::vector<DueRun> RuleChange::due_runs() {
    std::vector<DueRun> due;
    const auto now = now_seconds(context_.clock);
    ScheduleReads reads(*context_.db);
    for (const auto& ritual : scheduler_.rituals()) {
        for (DueRun& run : ritual->latest_due(context_, reads, now))
            if (run.channel == channel_) due.push_back(std::move(run));
    }
    return due;
}

void RuleChange::settle() {
    const std::int64_t now = now_ms(context_.clock);
    storage::ScheduledRuns runs(*context_.db);
    for (const DueRun& run : due_runs()) {
        if (due_before_.contains(run_key(run))) continue;
        runs.record({run.ritual, run.channel, run.local_date, storage::RunState::skipped,
                     to_unix_ms(run.fire_at), now});
    }
}

}  // namespace ritualbot::commands
