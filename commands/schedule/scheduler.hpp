#pragma once
// The scheduler's core: which scheduled runs are due, and running each at most once. bot/ owns
// the timer: it calls tick() when next_wake() says (and after start-up), and enqueues the
// effects each fired run emits into the outbox inside that run's transaction.
//
// Exactly-once comes from storage: every run is recorded in scheduled_runs under
// (ritual, channel, local date) in the same transaction as its state changes and its outbox
// rows, so a restart, a repeated tick or a second instance on the same file cannot fire it
// twice. A run found late (the bot was down) still fires, once, by the missed-run rule
// (missed_runs.hpp). Runs are isolated: one that throws is rolled back and retried with
// backoff a bounded number of times, and the other channels' runs go on. A run in a channel that
// has left the rituals (storage/channel_pauses.hpp) is recorded skipped and not fired, so the
// channel's return does not bring a backlog of late posts.
// Not thread-safe; one Scheduler per bot, used from the bot's thread with its Database.

#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "commands/command_table.hpp"
#include "commands/request.hpp"

namespace ritualbot::commands {

class ScheduleReads;

struct PastRun {
    std::string local_date;
    std::chrono::sys_seconds fire_at;
};

struct DueRun {
    std::string ritual;  // "captain.changeover"
    std::string channel;
    std::string local_date;  // YYYY-MM-DD in the channel's zone
    std::chrono::sys_seconds fire_at;
    // The occurrence before this one, when it was the ritual's (see due_run in missed_runs.hpp).
    std::optional<PastRun> previous{};
    bool knows_start = true;  // the ritual knows when it was set up in this channel
};

// One ritual that fires on a schedule (captain change-over now; Friday call, digest later).
class ScheduledRitual {
public:
    virtual ~ScheduledRitual() = default;
    virtual std::string_view name() const = 0;
    // Per channel, the latest fire time <= now (whether or not it already ran), built by
    // due_run() (missed_runs.hpp). `reads` is shared by every ritual of one scheduler pass
    // (schedule_reads.hpp); it reads context.db.
    virtual std::vector<DueRun> latest_due(Context& context, ScheduleReads& reads,
                                           std::chrono::sys_seconds now) const = 0;
    // The earliest fire time > now over all channels; nullopt when nothing is scheduled.
    virtual std::optional<std::chrono::sys_seconds> next_after(
        Context& context, ScheduleReads& reads, std::chrono::sys_seconds now) const = 0;
    // Makes the run's state changes through storage and returns what to post. Called inside
    // the run's transaction; throwing rolls the run back (it is retried with backoff).
    virtual Effects fire(const DueRun& run, Context& context) const = 0;
};

struct FailedRun {
    DueRun run;
    std::string reason;
    int attempts = 0;
    // When it is tried again; nullopt: given up, recorded as skipped.
    std::optional<std::chrono::sys_seconds> retry_at;
};

struct TickReport {
    std::vector<DueRun> fired;
    std::vector<DueRun> late;        // those of `fired` that fired late (the bot was down)
    std::vector<DueRun> superseded;  // older occurrences not fired: a newer one came (its date)
    std::vector<FailedRun> failed;
    // Runs that found another process holding the write lock (SQLITE_BUSY): nothing changed,
    // not counted as a failed attempt; due again on the next tick.
    std::vector<DueRun> busy;
    // Runs not fired because their channel has left the rituals (recorded skipped).
    std::vector<DueRun> paused;
    // The tick stopped at its budget with due runs still queued: tick again as soon as the
    // thread has done its other work (next_wake() says now until the queue is empty).
    bool more_due = false;
};

// bot/ enqueues outbox rows for the effects; called inside the run's transaction.
using EmitEffects = std::function<void(const Effects&, const std::string& idempotency_key)>;

// Asked between runs: true when the tick has held its thread long enough (bot/ measures it, so
// that 1,000 digests due at 09:00 do not keep envelopes waiting for their acks). Empty: no limit.
using TickBudgetSpent = std::function<bool()>;

class Scheduler {
public:
    void add(std::unique_ptr<ScheduledRitual> ritual);

    // For every due run not yet recorded, as plan_missed_run() says: one transaction records
    // it 'fired', calls fire() and emit(effects, "run:<ritual>:<channel>:<date>"), records a
    // superseded older occurrence 'skipped', and commits. A run later than `on_time` is
    // reported late. Needs context.db.
    // The due runs are listed once and worked off in order; when `spent` says so after a run
    // that did something (at least one per tick; runs already recorded cost a read and do not
    // count), the tick returns with `more_due` and the next tick goes on with the same list
    // before listing again.
    TickReport tick(Context& context, const EmitEffects& emit, const TickBudgetSpent& spent = {},
                    std::chrono::minutes on_time = std::chrono::hours(2));

    // Records every run due now and not yet recorded as dealt with, without firing it: for a
    // database that arrives with a history (the sandbox's seeded month), which owes no runs.
    void settle_past_runs(Context& context);

    // The earliest next_after over all rituals, or a failed run's retry, from context.clock.
    std::optional<std::chrono::sys_seconds> next_wake(Context& context) const;

    static constexpr int kMaxRunAttempts = 5;
    static constexpr std::chrono::seconds kRunRetryBase{30};  // doubles per failure
    static constexpr std::chrono::seconds kBusyRetry{1};      // after a tick with busy runs

    const std::vector<std::unique_ptr<ScheduledRitual>>& rituals() const { return rituals_; }

private:
    struct Failures {
        int attempts = 0;
        std::chrono::sys_seconds retry_at;
    };
    // False when it only looked: the run was recorded already, or is not owed.
    bool run_one(Context& context, const ScheduledRitual& ritual, const DueRun& run,
                 std::chrono::sys_seconds now, std::chrono::minutes on_time,
                 const EmitEffects& emit, TickReport& report);
    void failed(Context& context, const DueRun& run, const std::string& reason,
                std::chrono::sys_seconds now, TickReport& report);

    std::vector<std::unique_ptr<ScheduledRitual>> rituals_;
    struct QueuedRun {
        const ScheduledRitual* ritual;
        DueRun run;
    };
    std::deque<QueuedRun> queued_;  // due runs listed by a tick that stopped at its budget
    std::map<std::string, Failures> failures_;  // by run_key, until the run fires or gives up
    std::optional<std::chrono::sys_seconds> busy_retry_at_;  // the last tick had busy runs
};

std::string run_key(const DueRun& run);  // "run:<ritual>:<channel>:<date>"

// Every scheduled ritual, one line each (defined in registry.cpp next to make_command_table).
Scheduler make_scheduler();

}  // namespace ritualbot::commands
