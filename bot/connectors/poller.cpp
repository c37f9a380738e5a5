#include "bot/connectors/poller.hpp"

#include "bot/connectors/helpdesk_client.hpp"
#include "bot/connectors/sync_pass.hpp"
#include "bot/runtime/database_await.hpp"
#include "bot/runtime/log.hpp"
#include "bot/runtime/metrics.hpp"
#include "bot/runtime/wall_clock.hpp"
#include "bot/runtime/worker.hpp"
#include "bot/slack/outbox_writer.hpp"
#include "commands/ticket_data/iso_time.hpp"
#include "storage/channel_pauses.hpp"
#include "storage/helpdesk_sources.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace ritualbot::bot::connectors {

namespace asio = boost::asio;
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

namespace {

std::string lease_name(const storage::HelpdeskSource& source) {
    return std::string("connector:").append(source.channel).append(":").append(source.kind);
}

const std::string kSyncJob = "helpdesk_sync";
const std::string kScheduleJob = "helpdesk_schedule";

const char* result_name(commands::StepResult result) {
    switch (result) {
        case commands::StepResult::more:
            return "page";
        case commands::StepResult::caught_up:
            return "caught_up";
        case commands::StepResult::rate_limited:
            return "rate_limited";
        case commands::StepResult::transient:
            return "transient";
        case commands::StepResult::failed:
            return "failed";
    }
    return "unknown";
}

commands::StepOutcome not_run(const std::string& why) {
    commands::StepOutcome outcome;
    outcome.result = commands::StepResult::failed;
    outcome.detail = why;
    return outcome;
}

}  // namespace

// Threading: `leases` (which writes through the database side's connection) is used only inside
// database calls (database_await.hpp).
struct Poller::Impl {
    Impl(asio::any_io_executor ex, const config::Settings& s, DatabaseCalls& database_calls,
         Worker& w, LeaseOptions leasing, std::function<void()> wake)
        : executor(ex),
          settings(s),
          calls(database_calls),
          worker(w),
          leases(database_calls.database(), std::move(leasing)),
          on_enqueued(std::move(wake)),
          interval_ms(static_cast<std::int64_t>(config::sync_interval_seconds(s)) * 1000),
          timer(ex) {
        metrics().describe("ritualbot_helpdesk_requests_total", "counter",
                           "Helpdesk API requests by channel, source and result (page, "
                           "caught_up, rate_limited, transient, failed).");
        metrics().describe("ritualbot_helpdesk_tickets_total", "counter",
                           "Tickets (and Freshdesk ratings) stored from helpdesks, by channel "
                           "and source.");
        metrics().describe("ritualbot_helpdesk_last_success_timestamp_seconds", "gauge",
                           "When a helpdesk request last succeeded, by channel and source.");
    }

    // Runs `work` on the worker with its connection; resumes on the io thread with its result,
    // or with `fallback(reason)` when the worker refused or dropped the job.
    template <class T>
    asio::awaitable<T> on_worker(const std::string& name, const std::string& context,
                                 const std::function<T(storage::Database&)>& work,
                                 const std::function<T(const std::string&)>& fallback) {
        return asio::async_initiate<const asio::use_awaitable_t<>&, void(T)>(
            [this, name, context, work, fallback](auto handler) {
                using Handler = decltype(handler);
                auto shared = std::make_shared<Handler>(std::move(handler));
                const auto admission =
                    worker.submit({name, context,
                                   [work, shared](storage::Database& connection,
                                                  std::stop_token) -> Worker::Done {
                                       T result = work(connection);
                                       return [shared, result = std::move(result)]() mutable {
                                           (*shared)(std::move(result));
                                       };
                                   },
                                   [shared, fallback](const std::string& reason) {
                                       (*shared)(fallback(reason));
                                   }});
                if (admission != Worker::Admission::queued) {
                    const std::string why = admission == Worker::Admission::full
                                                ? "the worker is busy"
                                                : "the bot is stopping";
                    asio::post(executor, [shared, fallback, why] { (*shared)(fallback(why)); });
                }
            },
            asio::use_awaitable);
    }

    asio::awaitable<void> poll(storage::HelpdeskSource source) {
        const Labels labels{{"channel", source.channel}, {"source", source.kind}};
        if (const std::string missing = missing_credentials(settings, source.kind);
            !missing.empty()) {
            const std::string error = missing + " not set on the server";
            co_await finish(source, error);
            co_return;
        }
        log::info("helpdesk.pass_started", {{"channel", source.channel},
                                            {"source", source.kind},
                                            {"backfill", source.backfill_done_at ? "no" : "yes"}});
        SyncPass pass(spacing_of(source), make_sync_backoff());
        commands::SyncStep step{source.channel, source.kind, false};
        std::int64_t stored = 0;
        std::string stopped_by;
        // Named, not temporaries of the co_await expression: g++ 12 destroys some of those
        // twice across the suspension.
        const std::string context = "channel=" + source.channel + " source=" + source.kind;
        const std::function<commands::StepOutcome(const std::string&)> fallback = not_run;
        const auto hold = [this, &source](storage::Database&) {
            return leases.hold(lease_name(source), wall_clock_ms()).lease != nullptr;
        };
        while (!stopped) {
            if (!co_await on_database_side(calls, "poller.hold", hold)) {
                log::warn("helpdesk.lease_lost",
                          {{"channel", source.channel},
                           {"source", source.kind},
                           {"next", "another instance polls this source now"}});
                co_return;
            }
            const std::function<commands::StepOutcome(storage::Database&)> work =
                [client = client, step](storage::Database& connection) {
                    return commands::sync_step(
                        connection, step, *client, wall_clock_ms(),
                        [&connection](const commands::Effects& effects, const std::string& key) {
                            return slack::enqueue_effects(connection, effects, key);
                        });
                };
            const commands::StepOutcome outcome =
                co_await on_worker<commands::StepOutcome>(kSyncJob, context, work, fallback);
            stored += static_cast<std::int64_t>(outcome.stored);
            count(labels, outcome);
            if (outcome.outbox_rows > 0) on_enqueued();
            log::info("helpdesk.page", {{"channel", source.channel},
                                        {"source", source.kind},
                                        {"result", result_name(outcome.result)},
                                        {"stored", std::to_string(outcome.stored)},
                                        {"deleted", std::to_string(outcome.deleted)},
                                        {"skipped", std::to_string(outcome.rejected)},
                                        {"pass_total", std::to_string(stored)},
                                        {"detail", outcome.detail}});
            if (outcome.backfill_done) {
                log::info("helpdesk.backfill_done",
                          {{"channel", source.channel}, {"source", source.kind}});
            }
            const PassDecision decision = pass.after(outcome);
            if (decision.action == PassDecision::Action::done) break;
            if (decision.action == PassDecision::Action::give_up) {
                stopped_by = decision.reason;
                break;
            }
            step.ratings = decision.ratings;
            timer.expires_after(decision.wait);
            co_await timer.async_wait(kNoThrow);
        }
        if (!stopped_by.empty()) {
            log::warn("helpdesk.pass_failed",
                      {{"channel", source.channel},
                       {"source", source.kind},
                       {"error", stopped_by},
                       {"next", std::string("trying again in ") +
                                    std::to_string(interval_ms / 1000) + " s"}});
        }
        const std::string no_error;
        co_await finish(source, no_error);
    }

    // Schedules the source's next pass (and records `error` when the pass could not run).
    asio::awaitable<void> finish(storage::HelpdeskSource source, std::string error) {
        if (!error.empty()) {
            log::warn("helpdesk.not_polled",
                      {{"channel", source.channel}, {"source", source.kind}, {"error", error}});
        }
        const std::int64_t next = wall_clock_ms() + interval_ms;
        const std::string context = "channel=" + source.channel + " source=" + source.kind;
        const std::function<bool(storage::Database&)> work = [source, error,
                                                              next](storage::Database& connection) {
            storage::HelpdeskSources sources(connection);
            if (!error.empty()) sources.record_error(source.channel, source.kind, error);
            sources.schedule(source.channel, source.kind, next);
            return true;
        };
        const std::function<bool(const std::string&)> refused = [](const std::string&) {
            return false;
        };
        co_await on_worker<bool>(kScheduleJob, context, work, refused);
    }

    void count(const Labels& labels, const commands::StepOutcome& outcome) {
        Labels by_result = labels;
        by_result["result"] = result_name(outcome.result);
        metrics().add("ritualbot_helpdesk_requests_total", by_result);
        if (outcome.stored > 0) {
            metrics().add("ritualbot_helpdesk_tickets_total", labels,
                          static_cast<double>(outcome.stored));
        }
        if (outcome.result == commands::StepResult::more ||
            outcome.result == commands::StepResult::caught_up) {
            metrics().set("ritualbot_helpdesk_last_success_timestamp_seconds", labels,
                          static_cast<double>(wall_clock_ms() / 1000));
        }
    }

    asio::any_io_executor executor;
    config::Settings settings;
    DatabaseCalls& calls;
    Worker& worker;
    LeaseKeeper leases;
    std::function<void()> on_enqueued;
    std::int64_t interval_ms;
    asio::steady_timer timer;
    std::shared_ptr<HelpdeskClient> client;  // used on the worker thread only
    bool stopped = false;
};

Poller::Poller(asio::any_io_executor executor, const config::Settings& settings,
               DatabaseCalls& calls, Worker& worker, LeaseOptions leasing,
               std::function<void()> on_enqueued)
    : impl_(std::make_shared<Impl>(std::move(executor), settings, calls, worker, std::move(leasing),
                                   std::move(on_enqueued))) {}

Poller::~Poller() = default;

asio::awaitable<void> Poller::run() {
    const std::shared_ptr<Impl> impl = impl_;
    if (!impl->client) impl->client = std::make_shared<HelpdeskClient>(impl->settings);
    // Named, not temporaries of the co_await expressions (g++ 12, see poll()).
    const auto due = [impl](storage::Database&) {
        return storage::HelpdeskSources(impl->calls.database()).due(wall_clock_ms());
    };
    while (!impl->stopped) {
        const std::vector<storage::HelpdeskSource> sources =
            co_await on_database_side(impl->calls, "poller.due", due);
        for (const storage::HelpdeskSource& source : sources) {
            if (impl->stopped) break;
            const auto ours = [impl, &source](storage::Database& db) {
                // A paused channel (it left the rituals) is not polled; it stays due, so it is
                // polled as soon as it comes back.
                if (storage::ChannelPauses(db).find(source.channel)) return false;
                // Another instance's source: it stays due here, and is polled here if that
                // instance stops renewing the lease.
                return impl->leases.hold(lease_name(source), wall_clock_ms()).lease != nullptr;
            };
            if (!co_await on_database_side(impl->calls, "poller.take", ours)) continue;
            co_await impl->poll(source);
        }
        impl->timer.expires_after(kTick);
        co_await impl->timer.async_wait(kNoThrow);
    }
    const auto release = [impl](storage::Database&) { impl->leases.release_all(); };
    co_await on_database_side(impl->calls, "poller.release_leases", release);
}

void Poller::stop() {
    impl_->stopped = true;
    impl_->timer.cancel();
}

std::string Poller::status_lines(storage::Database& db) {
    std::string lines;
    for (const storage::HelpdeskSource& source : storage::HelpdeskSources(db).all()) {
        lines += "source " + source.channel + "/" + source.kind + ": ";
        if (!source.last_error.empty()) {
            lines += "failing: " + source.last_error;
        } else if (source.last_success_at) {
            lines += std::string("ok, last success ") +
                     commands::format_iso8601_utc(*source.last_success_at);
        } else {
            lines += "not polled yet";
        }
        lines += "\n";
    }
    return lines;
}

}  // namespace ritualbot::bot::connectors
