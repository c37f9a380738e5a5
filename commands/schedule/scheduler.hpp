#pragma once
// The scheduler's core: which scheduled runs are due, and running each at most once. bot/ owns
// the timer: it calls tick() when next_wake() says (and after start-up), and enqueues the
// effects each fired run emits into the outbox inside that run's transaction.
//
// Exactly-once comes from storage: every run is recorded in scheduled_runs under
// (ritual, channel, local date) in the same transaction as its state changes and its outbox
// rows, so a restart, a repeated tick or a second instance on the same file cannot fire it
// twice. A run found later than `grace` after its fire time is recorded as skipped instead
// (posting "today's captain" at 17:00 helps nobody), so it is logged once and never retried.
// Not thread-safe; one Scheduler per bot, used from the bot's thread with its Database.

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "commands/command_table.hpp"
#include "commands/request.hpp"

namespace ritualbot::commands {

struct DueRun {
    std::string ritual;  // "captain.changeover"
    std::string channel;
    std::string local_date;  // YYYY-MM-DD in the channel's zone
    std::chrono::sys_seconds fire_at;
};

// One ritual that fires on a schedule (captain change-over now; Friday call, digest later).
class ScheduledRitual {
public:
    virtual ~ScheduledRitual() = default;
    virtual std::string_view name() const = 0;
    // Per channel, the latest fire time <= now (whether or not it already ran).
    virtual std::vector<DueRun> latest_due(Context& context,
                                           std::chrono::sys_seconds now) const = 0;
    // The earliest fire time > now over all channels; nullopt when nothing is scheduled.
    virtual std::optional<std::chrono::sys_seconds> next_after(
        Context& context, std::chrono::sys_seconds now) const = 0;
    // Makes the run's state changes through storage and returns what to post. Called inside
    // the run's transaction; throwing rolls the run back (it is retried at the next tick).
    virtual Effects fire(const DueRun& run, Context& context) const = 0;
};

struct TickReport {
    std::vector<DueRun> fired;
    std::vector<DueRun> skipped;
};

// bot/ enqueues outbox rows for the effects; called inside the run's transaction.
using EmitEffects = std::function<void(const Effects&, const std::string& idempotency_key)>;

class Scheduler {
public:
    void add(std::unique_ptr<ScheduledRitual> ritual);

    // For every due run not yet recorded: within `grace` of its fire time, one transaction
    // records it 'fired', calls fire() and emit(effects, "run:<ritual>:<channel>:<date>") and
    // commits; older, it is recorded 'skipped'. Needs context.db.
    TickReport tick(Context& context, const EmitEffects& emit,
                    std::chrono::minutes grace = std::chrono::hours(2));

    // The earliest next_after over all rituals, from context.clock.
    std::optional<std::chrono::sys_seconds> next_wake(Context& context) const;

    const std::vector<std::unique_ptr<ScheduledRitual>>& rituals() const { return rituals_; }

private:
    std::vector<std::unique_ptr<ScheduledRitual>> rituals_;
};

std::string run_key(const DueRun& run);  // "run:<ritual>:<channel>:<date>"

// Every scheduled ritual, one line each (defined in registry.cpp next to make_command_table).
Scheduler make_scheduler();

}  // namespace ritualbot::commands
