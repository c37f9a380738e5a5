#include "bot/scheduler_timer.hpp"

#include "bot/runtime/database_await.hpp"
#include "bot/runtime/database_calls.hpp"
#include "bot/runtime/log.hpp"
#include "bot/runtime/metrics.hpp"
#include "bot/slack/outbox_writer.hpp"
#include "commands/clock.hpp"
#include "commands/schedule/scheduler.hpp"
#include "storage/database.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>

namespace ritualbot::bot {

namespace asio = boost::asio;
using std::chrono::milliseconds;

namespace {
constexpr milliseconds kRetryAfterFailure{5000};
// How long one tick may hold its thread before the rest of the due runs wait for the next
// tick. On SQLite that thread is the io thread, which acks every envelope; on PostgreSQL the
// database thread, which serves every command's reads and writes.
constexpr milliseconds kTickSlice{20};
}  // namespace

// Threading: the scheduler and `db` are used only inside database calls (on the database thread
// on PostgreSQL, inline on SQLite); logs, metrics, the timer and `on_enqueued` on the io thread.
struct SchedulerTimer::Impl {
    Impl(asio::any_io_executor executor, DatabaseCalls& database_calls, const commands::Clock& c,
         commands::Scheduler& s, std::function<void()> enqueued, milliseconds sleep_cap)
        : calls(database_calls),
          db(database_calls.database()),
          clock(c),
          scheduler(s),
          on_enqueued(std::move(enqueued)),
          max_sleep(sleep_cap),
          timer(std::move(executor)) {}

    // What one tick on the database side tells the io thread.
    struct Ticked {
        commands::TickReport report;
        milliseconds sleep{0};
    };

    // On the database side.
    Ticked tick() {
        // Only a brief wait for another process's write lock: on SQLite this is the io thread,
        // which acks every envelope. A run that still finds it held is reported busy and tried
        // again shortly.
        const storage::BriefLockWait brief_wait(db);
        commands::Context context{&db, clock};
        const auto slice_end = std::chrono::steady_clock::now() + kTickSlice;
        Ticked ticked;
        ticked.report = scheduler.tick(
            context,
            [&](const commands::Effects& effects, const std::string& key) {
                slack::enqueue_effects(db, effects, key);
            },
            [&] { return std::chrono::steady_clock::now() >= slice_end; });
        if (!ticked.report.more_due) ticked.sleep = sleep_for();
        return ticked;
    }

    // On the io thread.
    void report_tick(const commands::TickReport& report) {
        for (const commands::DueRun& run : report.fired) {
            metrics().add("ritualbot_scheduled_runs_total", {{"ritual", run.ritual}, {"outcome", "fired"}});
            log::info("schedule.fired", {{"ritual", run.ritual}, {"channel", run.channel},
                                         {"local_date", run.local_date}});
        }
        for (const commands::DueRun& run : report.paused) {
            metrics().add("ritualbot_scheduled_runs_total",
                          {{"ritual", run.ritual}, {"outcome", "paused"}});
            log::info("schedule.paused_channel",
                      {{"ritual", run.ritual},
                       {"channel", run.channel},
                       {"local_date", run.local_date},
                       {"reason", "the channel has left the rituals; recorded as skipped"}});
        }
        if (!report.busy.empty()) {
            log::info("schedule.busy", {{"runs", std::to_string(report.busy.size())},
                                        {"next", "another program holds the database's write "
                                                 "lock; trying again in a second"}});
        }
        log_missed(report);
        if (!report.fired.empty()) on_enqueued();
    }

    static void log_missed(const commands::TickReport& report) {
        for (const commands::DueRun& run : report.late) {
            log::warn("schedule.ran_late",
                      {{"ritual", run.ritual},
                       {"channel", run.channel},
                       {"local_date", run.local_date},
                       {"reason", "missed while the bot was down; run now, once"}});
        }
        for (const commands::DueRun& run : report.superseded) {
            metrics().add("ritualbot_scheduled_runs_total",
                          {{"ritual", run.ritual}, {"outcome", "superseded"}});
            log::warn("schedule.superseded",
                      {{"ritual", run.ritual},
                       {"channel", run.channel},
                       {"local_date", run.local_date},
                       {"reason",
                        "missed while the bot was down, and its next occurrence has come: "
                        "only that one runs"}});
        }
        for (const commands::FailedRun& failure : report.failed) {
            const commands::DueRun& run = failure.run;
            metrics().add("ritualbot_scheduled_runs_total",
                          {{"ritual", run.ritual}, {"outcome", "failed"}});
            log::error("schedule.run_failed",
                       {{"ritual", run.ritual},
                        {"channel", run.channel},
                        {"local_date", run.local_date},
                        {"error", failure.reason},
                        {"attempt", std::to_string(failure.attempts)},
                        {"next", failure.retry_at ? "retrying this run only, with backoff"
                                                  : "gave up on this run (recorded as skipped)"}});
        }
    }

    milliseconds sleep_for() {
        commands::Context context{&db, clock};
        const auto next = scheduler.next_wake(context);
        if (!next) return max_sleep;
        const auto until = std::chrono::duration_cast<milliseconds>(*next - clock.now());
        // A little after the fire time, so the run is due when we look.
        return std::clamp(until + milliseconds(50), milliseconds(0), max_sleep);
    }

    DatabaseCalls& calls;
    storage::Database& db;  // the database side's: only inside calls
    const commands::Clock& clock;
    commands::Scheduler& scheduler;
    std::function<void()> on_enqueued;
    milliseconds max_sleep;
    asio::steady_timer timer;
    bool stopping = false;
};

SchedulerTimer::SchedulerTimer(asio::any_io_executor executor, DatabaseCalls& calls,
                               const commands::Clock& clock, commands::Scheduler& scheduler,
                               std::function<void()> on_enqueued, milliseconds max_sleep)
    : impl_(std::make_shared<Impl>(std::move(executor), calls, clock, scheduler,
                                   std::move(on_enqueued), max_sleep)) {}

SchedulerTimer::~SchedulerTimer() = default;

asio::awaitable<void> SchedulerTimer::run() {
    std::shared_ptr<Impl> self = impl_;
    while (!self->stopping) {
        milliseconds sleep = kRetryAfterFailure;
        try {
            // Named, not a temporary of the co_await expression (g++ 12, see poller.cpp).
            const auto tick = [self](storage::Database&) { return self->tick(); };
            const Impl::Ticked ticked =
                co_await on_database_side(self->calls, "scheduler.tick", tick);
            self->report_tick(ticked.report);
            sleep = ticked.sleep;
        } catch (const std::exception& e) {
            // A failing run rolled back; it is retried, without starving the io thread.
            log::error("schedule.tick_failed", {{"error", e.what()}, {"next", "retrying in 5 s"}});
        }
        self->timer.expires_after(sleep);
        co_await self->timer.async_wait(asio::as_tuple(asio::use_awaitable));
    }
}

void SchedulerTimer::stop() {
    impl_->stopping = true;
    impl_->timer.cancel();
}

}  // namespace ritualbot::bot
