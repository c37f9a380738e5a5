#include "commands/schedule/scheduler.hpp"

#include <stdexcept>

#include "commands/schedule/missed_runs.hpp"
#include "commands/schedule/schedule_reads.hpp"
#include "storage/channel_pauses.hpp"
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

bool Scheduler::run_one(Context& context, const ScheduledRitual& ritual, const DueRun& run,
                        std::chrono::sys_seconds now, std::chrono::minutes on_time,
                        const EmitEffects& emit, TickReport& report) {
    storage::Database& db = *context.db;
    storage::ScheduledRuns runs(db);
    // Cheap reads first so an already-recorded run does not take the write lock.
    MissedRunFacts facts;
    facts.recorded = runs.find(run.ritual, run.channel, run.local_date).has_value();
    if (facts.recorded) return false;
    if (storage::ChannelPauses(db).find(run.channel)) {
        storage::Transaction tx(db);
        if (!runs.record({run.ritual, run.channel, run.local_date, storage::RunState::skipped,
                          unix_ms(run.fire_at), unix_ms(now)}))
            return false;
        tx.commit();
        report.paused.push_back(run);
        return true;
    }
    facts.previous_pending =
        run.previous && !runs.find(run.ritual, run.channel, run.previous->local_date);
    const auto latest = runs.latest_date(run.ritual, run.channel);
    facts.ever_ran = latest.has_value();
    facts.before_last_run = latest && *latest > run.local_date;
    facts.knows_start = run.knows_start;
    facts.late_by = now - run.fire_at;
    const MissedRunPlan plan = plan_missed_run(facts, on_time);
    if (plan.step == RunStep::nothing) return false;

    const bool fire = plan.step == RunStep::fire;
    storage::Transaction tx(db);
    // Another instance may have recorded it between the read and the lock.
    if (!runs.record({run.ritual, run.channel, run.local_date,
                      fire ? storage::RunState::fired : storage::RunState::skipped,
                      unix_ms(run.fire_at), unix_ms(now)}))
        return false;
    if (plan.supersede_previous) {
        runs.record({run.ritual, run.channel, run.previous->local_date, storage::RunState::skipped,
                     unix_ms(run.previous->fire_at), unix_ms(now)});
    }
    if (fire) emit(ritual.fire(run, context), run_key(run));
    tx.commit();
    if (plan.supersede_previous) {
        DueRun older = run;
        older.local_date = run.previous->local_date;
        older.fire_at = run.previous->fire_at;
        older.previous.reset();
        report.superseded.push_back(std::move(older));
    }
    if (fire) report.fired.push_back(run);
    if (fire && plan.late) report.late.push_back(run);
    return true;
}

void Scheduler::failed(Context& context, const DueRun& run, const std::string& reason,
                       std::chrono::sys_seconds now, TickReport& report) {
    Failures& failures = failures_[run_key(run)];
    ++failures.attempts;
    FailedRun failure{run, reason, failures.attempts, std::nullopt};
    if (failures.attempts < kMaxRunAttempts) {
        failures.retry_at = now + kRunRetryBase * (1 << (failures.attempts - 1));
        failure.retry_at = failures.retry_at;
    } else {
        // Given up: recorded so it is not tried on every tick from now on. If even that fails
        // (the database is unusable), the next tick tries again.
        storage::Transaction tx(*context.db);
        storage::ScheduledRuns(*context.db)
            .record({run.ritual, run.channel, run.local_date, storage::RunState::skipped,
                     unix_ms(run.fire_at), unix_ms(now)});
        tx.commit();
        failures_.erase(run_key(run));
    }
    report.failed.push_back(std::move(failure));
}

TickReport Scheduler::tick(Context& context, const EmitEffects& emit, const TickBudgetSpent& spent,
                           std::chrono::minutes on_time) {
    if (context.db == nullptr) throw std::logic_error("Scheduler::tick needs a database");
    const auto now = std::chrono::floor<std::chrono::seconds>(context.clock.now());
    TickReport report;
    if (queued_.empty()) {
        // Listed whole before any of it is kept: a listing that throws leaves nothing queued.
        std::deque<QueuedRun> due;
        ScheduleReads reads(*context.db);
        for (const auto& ritual : rituals_) {
            for (DueRun& run : ritual->latest_due(context, reads, now))
                due.push_back({ritual.get(), std::move(run)});
        }
        queued_ = std::move(due);
    }
    bool worked = false;  // a run fired, was recorded or failed: not only looked at
    while (!queued_.empty()) {
        if (worked && spent && spent()) {
            report.more_due = true;
            break;
        }
        const QueuedRun queued = std::move(queued_.front());
        queued_.pop_front();
        const DueRun& run = queued.run;
        const auto failures = failures_.find(run_key(run));
        if (failures != failures_.end() && failures->second.retry_at > now) continue;
        try {
            worked = run_one(context, *queued.ritual, run, now, on_time, emit, report) || worked;
            if (failures != failures_.end()) failures_.erase(failures);
        } catch (const std::exception& e) {
            worked = true;
            // This run rolled back; the other channels' and rituals' runs go on. Another
            // process holding the write lock is no fault of the run: try it next tick.
            if (storage::is_busy(e)) {
                report.busy.push_back(run);
                continue;
            }
            failed(context, run, e.what(), now, report);
        }
    }
    busy_retry_at_.reset();
    if (!report.busy.empty()) busy_retry_at_ = now + kBusyRetry;
    return report;
}

void Scheduler::settle_past_runs(Context& context) {
    if (context.db == nullptr)
        throw std::logic_error("Scheduler::settle_past_runs needs a database");
    const auto now = std::chrono::floor<std::chrono::seconds>(context.clock.now());
    storage::Transaction tx(*context.db);
    storage::ScheduledRuns runs(*context.db);
    ScheduleReads reads(*context.db);
    for (const auto& ritual : rituals_) {
        for (const DueRun& run : ritual->latest_due(context, reads, now)) {
            runs.record({run.ritual, run.channel, run.local_date, storage::RunState::skipped,
                         unix_ms(run.fire_at), unix_ms(now)});
        }
    }
    tx.commit();
}

std::optional<std::chrono::sys_seconds> Scheduler::next_wake(Context& context) const {
    const auto now = std::chrono::floor<std::chrono::seconds>(context.clock.now());
    if (!queued_.empty()) return now;
    std::optional<std::chrono::sys_seconds> earliest;
    if (context.db != nullptr) {
        ScheduleReads reads(*context.db);
        for (const auto& ritual : rituals_) {
            const auto next = ritual->next_after(context, reads, now);
            if (next && (!earliest || *next < *earliest)) earliest = next;
        }
    }
    if (busy_retry_at_ && (!earliest || *busy_retry_at_ < *earliest)) earliest = busy_retry_at_;
    for (const auto& [key, failures] : failures_) {
        if (!earliest || failures.retry_at < *earliest) earliest = failures.retry_at;
    }
    return earliest;
}

}  // namespace ritualbot::commands
