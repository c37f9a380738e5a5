#include "commands/schedule/scheduler.hpp"

#include <stdexcept>

#include "storage/database.hpp"
#include "storage/scheduled_runs.hpp"

namespace ritualbot::commands {
namespace {

std::int64_t unix_ms(std::chrono::sys_seconds t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

}  // namespace

std::string run_key(const DueRun& run) {
    return "run:" + run.ritual + ":" + run.channel + ":" + run.local_date;
}

void Scheduler::add(std::unique_ptr<ScheduledRitual> ritual) {
    if (!ritual) throw std::logic_error("Scheduler::add: null ritual");
    for (const auto& existing : rituals_) {
        if (existing->name() == ritual->name()) {
            throw std::logic_error("scheduled ritual " + std::string(ritual->name()) +
                                   " is registered twice");
        }
    }
    rituals_.push_back(std::move(ritual));
}

TickReport Scheduler::tick(Context& context, const EmitEffects& emit, std::chrono::minutes grace) {
    if (context.db == nullptr) throw std::logic_error("Scheduler::tick needs a database");
    storage::Database& db = *context.db;
    const auto now = std::chrono::floor<std::chrono::seconds>(context.clock.now());
    TickReport report;
    for (const auto& ritual : rituals_) {
        for (const DueRun& run : ritual->latest_due(context, now)) {
            storage::ScheduledRuns runs(db);
            // A cheap read first so an already-recorded run does not take the write lock.
            if (runs.find(run.ritual, run.channel, run.local_date)) continue;
            const bool late = now - run.fire_at > grace;
            storage::Transaction tx(db);
            const storage::ScheduledRun record{
                run.ritual,           run.channel,
                run.local_date,       late ? storage::RunState::skipped : storage::RunState::fired,
                unix_ms(run.fire_at), unix_ms(now)};
            // Another instance may have recorded it between the read and the lock.
            if (!runs.record(record)) continue;
            if (!late) {
                const Effects effects = ritual->fire(run, context);
                emit(effects, run_key(run));
            }
            tx.commit();
            (late ? report.skipped : report.fired).push_back(run);
        }
    }
    return report;
}

std::optional<std::chrono::sys_seconds> Scheduler::next_wake(Context& context) const {
    const auto now = std::chrono::floor<std::chrono::seconds>(context.clock.now());
    std::optional<std::chrono::sys_seconds> earliest;
    for (const auto& ritual : rituals_) {
        const auto next = ritual->next_after(context, now);
        if (next && (!earliest || *next < *earliest)) earliest = next;
    }
    return earliest;
}

}  // namespace ritualbot::commands
