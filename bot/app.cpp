#include "bot/app.hpp"

#include "bot/connectors/poller.hpp"
#include "bot/http/host_allowlist.hpp"
#include "bot/http/http_server.hpp"
#include "bot/http/ticket_ingest.hpp"
#include "bot/interactions/captain_interactions.hpp"
#include "bot/interactions/conversation_handlers.hpp"
#include "bot/interactions/home_tab.hpp"
#include "bot/interactions/incident_interactions.hpp"
#include "bot/interactions/membership_handlers.hpp"
#include "bot/interactions/outlier_interactions.hpp"
#include "bot/interactions/playbook_interactions.hpp"
#include "bot/interactions/suggestion_interactions.hpp"
#include "bot/interactions/ticket_upload.hpp"
#include "bot/runtime/database_await.hpp"
#include "bot/runtime/database_calls.hpp"
#include "bot/runtime/file_clock.hpp"
#include "bot/runtime/lease_keeper.hpp"
#include "bot/runtime/log.hpp"
#include "bot/runtime/metrics.hpp"
#include "bot/runtime/system_clock.hpp"
#include "bot/runtime/wall_clock.hpp"
#include "bot/runtime/worker.hpp"
#include "bot/scheduler_timer.hpp"
#include "bot/slack/bot_conversations.hpp"
#include "bot/slack/envelope_handler.hpp"
#include "bot/slack/event_router.hpp"
#include "bot/slack/outbox_sender.hpp"
#include "bot/slack/people_cache.hpp"
#include "bot/slack/people_lookup.hpp"
#include "bot/slack/socket_mode_client.hpp"
#include "bot/slack/tls.hpp"
#include "bot/slack/web_api_client.hpp"
#include "bot/slow_commands.hpp"
#include "bot/supervisor.hpp"
#include "commands/command_table.hpp"
#include "commands/render/ids.hpp"
#include "commands/schedule/scheduler.hpp"
#include "config/redact.hpp"
#include "config/url.hpp"
#include "storage/database.hpp"
#include "storage/outbox.hpp"
#include "storage/planner_statistics.hpp"
#include "storage/processed_events.hpp"
#include "storage/retention.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <csignal>
#include <memory>
#include <vector>
#include <string_view>
#include <cstdlib>
#include <cstdio>

namespace ritualbot::bot {

namespace asio = boost::asio;
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

namespace {

constexpr std::chrono::hours kMaintenanceInterval{24};
// Bounds one ingest batch (a few ten thousand tickets), which is stored on the worker.
constexpr std::size_t kMaxHttpBodyBytes = 8 * 1024 * 1024;
constexpr std::chrono::seconds kShutdownDrain{10};
constexpr std::chrono::seconds kSchedulerMaxSleep{60};
// The supervised task that holds the Socket Mode connections. RITUALBOT_TEST_FAILING_TASK
// naming it makes its first run fail (any other name: a separate task failing every run).
constexpr std::string_view kSocketTask = "socket_client";

// The supervised task of the n-th Socket Mode connection (0-based): "socket_client",
// "socket_client_2", …
std::string socket_task(std::size_t n) {
    return n == 0 ? std::string(kSocketTask)
                  : std::string(kSocketTask).append("_").append(std::to_string(n + 1));
}

// This process among the instances sharing the database: a holder name for its leases.
LeaseOptions lease_options(const config::Settings& settings) {
    return {make_lease_holder(), std::chrono::seconds(config::lease_seconds(settings))};
}

// The wall clock unless the caller (sandbox) or RITUALBOT_TEST_CLOCK_FILE says otherwise.
ClockOverride choose_clock(const config::Settings& settings, ClockOverride requested) {
    if (requested.clock) return requested;
    if (!settings.test_clock_file.empty()) {
        log::warn("bot.test_clock", {{"file", settings.test_clock_file},
                                     {"note", "time comes from a file (RITUALBOT_TEST_CLOCK_FILE)"}});
        return {std::make_shared<FileClock>(settings.test_clock_file), requested.scheduler_poll};
    }
    return {std::make_shared<SystemClock>(), kSchedulerMaxSleep};
}

// What POST /ingest/tickets accepts: secrets per channel from the environment, membership
// from what Slack says the bot is in.
http::IngestPolicy ingest_policy(const config::Settings& settings,
                                 slack::BotConversations& conversations) {
    http::IngestPolicy policy;
    policy.global_secret = settings.ingest_secret;
    policy.channel_secret = [env = config::process_environment()](const std::string& channel) {
        std::optional<std::string> secret = env("RITUALBOT_INGEST_SECRET_" + channel);
        return secret && !secret->empty() ? secret : std::nullopt;
    };
    policy.allow_v0 = settings.ingest_allow_v0 == "1";
    if (policy.allow_v0) {
        log::warn("ingest.v0_allowed", {{"note", "RITUALBOT_INGEST_ALLOW_V0=1: v0 signatures do "
                                                 "not sign the channel and can be replayed into "
                                                 "another one"}});
    }
    policy.membership = [&conversations](const std::string& channel) {
        const std::optional<bool> member = conversations.contains(channel);
        if (!member) return http::Membership::unknown;
        return *member ? http::Membership::member : http::Membership::not_member;
    };
    return policy;
}

// Everything `run` holds, built in dependency order and torn down in reverse. Every acked
// envelope the socket reads comes to handle().
struct Bot final : slack::EnvelopeHandler {
    Bot(const config::Settings& settings, const config::Url& api_url, ClockOverride time)
        : leasing(lease_options(settings)),
          clock(std::move(time.clock)),
          db(storage::Database::open(settings.db_path)),
          db_calls(db, {settings.db_path,
                        db.is_postgres() || settings.test_database_thread == "1",
                        [this](std::function<void()> f) { asio::post(io, std::move(f)); },
                        {}}),
          commands(commands::make_command_table()),
          scheduler(commands::make_scheduler()),
          tls(slack::make_client_tls_context(settings.ca_file)),
          app_api(io.get_executor(), tls, api_url, settings.app_token),
          bot_api(io.get_executor(), tls, api_url, settings.bot_token),
          people(db_calls.database(), config::admin_ids(settings),
                 [this](const commands::Member& member) { save_member(member); }),
          people_lookup(io.get_executor(), bot_api, people),
          router(db_calls.database(), commands, *clock, &people),
          sender(io.get_executor(), db_calls, bot_api, leasing),
          scheduler_timer(
              io.get_executor(), db_calls, *clock, scheduler, [this] { sender.wake(); },
              time.scheduler_poll),
          conversations(io.get_executor(), bot_api),
          http(io.get_executor(), kMaxHttpBodyBytes),
          worker(
              {settings.db_path, [this](std::function<void()> f) { asio::post(io, std::move(f)); },
               Worker::kDefaultCapacity,
               [this](const std::string& summary) { supervisor.note_error("worker", summary); }}),
          ingest(worker, ingest_policy(settings, conversations)),
          poller(io.get_executor(), settings, db_calls, worker, leasing, [this] { sender.wake(); }),
          retention{storage::ProcessedEvents::kRetentionMs,
                    storage::RetentionPolicy{}.finished_outbox_ms,
                    config::ticket_retention_days(settings) * 24LL * 3600 * 1000},
          uploads(io, bot_api, db_calls, worker, [this] { sender.wake(); }),
          maintenance_timer(io),
          busy_retry_timer(io),
          signals(io, SIGINT, SIGTERM),
          test_failing_task(settings.test_failing_task) {
        // Each its own connection, supervised and reconnected on its own: Slack spreads
        // envelopes over all of an app's connections, across instances.
        for (int n = 0; n < config::socket_count(settings); ++n) {
            sockets.push_back(std::make_unique<slack::SocketModeClient>(io.get_executor(), tls,
                                                                        app_api, *this));
        }
        router.on_event("app_mention",
                        make_mention_handler(commands, [this](const nlohmann::json& event,
                                                              std::string_view text,
                                                              commands::Context& context) {
                            return uploads.on_mention(event, text, context);
                        }));
        router.on_event("message", make_direct_message_handler(commands));
        router.on_block_action(std::string(commands::kCrewPickAction),
                               make_crew_pick_handler(commands));
        router.on_event("app_home_opened", make_home_tab_handler());
        register_captain_interactions(router);
        register_outlier_interactions(router);
        register_suggestion_interactions(router);
        register_membership_events(router, bot_user_id);
        register_ticket_uploads(router, uploads);
        register_playbook_interactions(router);
        register_incident_interactions(router);
        router.on_slow_command([this](const commands::Request& request,
                                      const std::string& envelope_id, bool in_dm) {
            Worker::Job job = slow_command_job(commands, db_calls, {request, envelope_id, in_dm},
                                               clock->now(), [this] { sender.wake(); });
            return worker.submit(std::move(job)) == Worker::Admission::queued;
        });
        add_http_routes(settings);
        add_gauges();
    }

    // The database thread's calls use the router, the people cache and the rest declared after
    // db_calls: they end before any of those goes.
    ~Bot() { db_calls.join(); }

    void add_http_routes(const config::Settings& settings) {
        const auto listen = config::parse_host_port(settings.http_addr);
        http.guard([allowed = http::HostAllowlist(listen ? listen->host : "",
                                                  settings.http_allowed_hosts)](
                       const http::Request& request) { return allowed.refusal(request); });
        http.route("GET", "/healthz", [](const http::Request&) {
            return http::Response{200, "text/plain; charset=utf-8", "ok\n"};
        });
        http.route_deferred("GET", "/readyz", [this](const http::Request&, http::Respond respond) {
            // The write lock and the sources' rows on the database side; the rest here.
            auto answer = std::make_shared<http::Respond>(std::move(respond));
            db_calls.run(
                "readyz",
                [](storage::Database& side) {
                    DatabaseReadiness readiness;
                    try {
                        storage::Transaction probe(side);  // takes the write lock, then rolls back
                    } catch (const std::exception& e) {
                        readiness.problem =
                            std::string("database not writable: ") + e.what() + "\n";
                    }
                    readiness.sources = connectors::Poller::status_lines(side);
                    return readiness;
                },
                [this, answer](const DatabaseReadiness& readiness) {
                    (*answer)(readiness_response(readiness));
                },
                [this, answer](const std::string& error) {
                    (*answer)(readiness_response({"database not reachable: " + error + "\n", ""}));
                });
        });
        http.route_deferred("POST", "/ingest/tickets",
                            [this](const http::Request& request, http::Respond respond) {
                                ingest.handle(request, std::move(respond));
                            });
        // The outbox's gauges are read on the database side first, then everything rendered
        // here (with the last known outbox figures if that read failed).
        http.route_deferred("GET", "/metrics", [this](const http::Request&, http::Respond respond) {
            auto answer = std::make_shared<http::Respond>(std::move(respond));
            const auto render = [answer] {
                (*answer)(http::Response{200, "text/plain; version=0.0.4; charset=utf-8",
                                         metrics().render()});
            };
            db_calls.run(
                "metrics.outbox",
                [](storage::Database& side) {
                    storage::Outbox outbox(side);
                    return OutboxFigures{outbox.depth(), outbox.oldest_unsent_created_at()};
                },
                [this, render](const OutboxFigures& figures) {
                    outbox_figures = figures;
                    render();
                },
                [render](const std::string&) { render(); });
        });
    }

    void add_gauges() {
        describe_bot_metrics(metrics());
        metrics().gauge_callback("ritualbot_outbox_depth",
                                 [this] { return static_cast<double>(outbox_figures.depth); });
        metrics().gauge_callback("ritualbot_outbox_oldest_age_seconds", [this] {
            const auto oldest = outbox_figures.oldest_unsent_created_at;
            return oldest ? static_cast<double>(wall_clock_ms() - *oldest) / 1000.0 : 0.0;
        });
        metrics().gauge_callback("ritualbot_worker_queue_depth", [this] {
            return static_cast<double>(worker.queued());
        });
        metrics().gauge_callback("ritualbot_socket_connections_open", [this] {
            int open = 0;
            for (const auto& socket : sockets) open += socket->open_connections();
            return static_cast<double>(open);
        });
        metrics().gauge_callback("ritualbot_sqlite_page_cache_bytes", [this] {
            return static_cast<double>(db.page_cache_bytes());
        });
    }

    // The outbox's figures for /metrics, as last read on the database side.
    struct OutboxFigures {
        std::size_t depth = 0;
        std::optional<std::int64_t> oldest_unsent_created_at;
    };

    struct DatabaseReadiness {
        std::string problem;  // empty when the write lock could be taken
        std::string sources;  // the helpdesk sources' lines
    };

    http::Response readiness_response(const DatabaseReadiness& readiness) {
        std::string problems;
        if (!connected()) problems += "not connected to Slack\n";
        problems += readiness.problem;
        // A failing task or helpdesk source is shown, not "not ready": the rest of the bot
        // still serves.
        const std::string tasks = task_lines(supervisor.status()) + readiness.sources;
        return problems.empty()
                   ? http::Response{200, "text/plain; charset=utf-8", "ready\n" + tasks}
                   : http::Response{503, "text/plain; charset=utf-8", problems + tasks};
    }

    bool connected() const {
        return std::any_of(sockets.begin(), sockets.end(),
                           [](const auto& socket) { return socket->connected(); });
    }

    // A command that needs to know who people are in Slack (an admin? in that user group?) and
    // has no fresh answer waits for it, at most PeopleLookup::kWait; everything else is routed
    // at once.
    void handle(const slack::Envelope& envelope, slack::AckSender ack) override {
        slack::Wanted wanted =
            people.stale(slack::wanted_for(envelope, commands), std::chrono::steady_clock::now());
        if (wanted.empty()) {
            route_then_ack(envelope, std::move(ack));
            return;
        }
        asio::co_spawn(io, route_after_lookup(*this, envelope, std::move(wanted), std::move(ack)),
                       asio::detached);
    }

    // What routing an envelope on the database side tells the io thread.
    struct Routed {
        nlohmann::json payload;       // the ack's
        std::size_t outbox_rows = 0;  // added and committed
        std::size_t busy_events = 0;  // events the router keeps to retry
    };

    // On the database side: the router is only ever used there.
    Routed route_on_database_side(const slack::Envelope& envelope) {
        Routed routed;
        routed.payload = router.route(envelope, &routed.outbox_rows);
        routed.busy_events = router.busy_events();
        return routed;
    }

    // On the io thread, once routed.
    void after_route(Routed& routed, const slack::AckSender& ack) {
        // Waking the sender costs it a look at the outbox: only worth it when rows were added.
        if (routed.outbox_rows > 0) sender.wake();
        if (routed.busy_events > 0 && !retrying_events && !stopping) {
            retrying_events = true;
            retry_busy_events_later();
        }
        ack(routed.payload);
    }

    // Routes on the database side, acks on the io thread: at once on SQLite (the envelope is
    // not even copied), after the database thread routed it on PostgreSQL. A route that threw
    // (route() itself does not) is acked bare: it was logged, and Slack's redelivery would
    // only fail again.
    void route_then_ack(const slack::Envelope& envelope, slack::AckSender ack) {
        if (!db_calls.threaded()) {
            db_calls.run(
                "route",
                [this, &envelope](storage::Database&) { return route_on_database_side(envelope); },
                [this, &ack](Routed routed) { after_route(routed, ack); },
                [&ack](const std::string&) { ack(nullptr); });
            return;
        }
        auto shared_ack = std::make_shared<slack::AckSender>(std::move(ack));
        db_calls.run(
            "route",
            [this, envelope](storage::Database&) { return route_on_database_side(envelope); },
            [this, shared_ack](Routed routed) { after_route(routed, *shared_ack); },
            [shared_ack](const std::string&) { (*shared_ack)(nullptr); });
    }

    // Events that found another process holding the write lock (acked, kept by the router),
    // tried again every kBusyEventRetry on the database side until none waits.
    void retry_busy_events_later() {
        busy_retry_timer.expires_after(slack::EventRouter::kBusyEventRetry);
        busy_retry_timer.async_wait([this](const boost::system::error_code&) {
            if (stopping) {
                end_busy_retries();
                return;
            }
            db_calls.run(
                "retry_busy_events",
                [this](storage::Database&) {
                    Routed routed;
                    routed.busy_events = router.retry_busy_events(&routed.outbox_rows);
                    return routed;
                },
                [this](Routed routed) {
                    if (routed.outbox_rows > 0) sender.wake();
                    busy_events_left = routed.busy_events;
                    if (busy_events_left > 0 && !stopping) {
                        retry_busy_events_later();
                    } else {
                        end_busy_retries();
                    }
                },
                [this](const std::string&) { end_busy_retries(); });
        });
    }

    void end_busy_retries() {
        if (busy_events_left > 0) {
            log::warn("event.not_applied", {{"events", std::to_string(busy_events_left)},
                                            {"reason",
                                             "shutting down while the database was "
                                             "locked by another program"}});
        }
        retrying_events = false;
    }

    // A member's answer from Slack, stored for the next restart on the database side.
    void save_member(const commands::Member& member) {
        db_calls.run(
            "save_member",
            [member](storage::Database& side) { slack::PeopleCache::store(side, member); }, [] {},
            [](const std::string&) {});
    }

    static asio::awaitable<void> route_after_lookup(Bot& bot, slack::Envelope envelope,
                                                    slack::Wanted wanted, slack::AckSender ack) {
        co_await bot.people_lookup.refresh(
            std::move(wanted), std::chrono::steady_clock::now() + slack::PeopleLookup::kWait);
        bot.route_then_ack(envelope, std::move(ack));
    }

    // First SIGINT/SIGTERM: a graceful stop. A second one: exit at once (the database is
    // consistent at every commit; unsent outbox rows go out at the next start).
    void watch_signals() {
        signals.async_wait([this](const boost::system::error_code& ec, int signal) {
            if (ec) return;
            if (stopping) {
                log::warn("bot.shutdown_forced", {{"signal", std::to_string(signal)}});
                std::_Exit(128 + signal);
            }
            log::info("bot.shutdown", {{"signal", std::to_string(signal)},
                                       {"next", "draining the outbox, a second signal exits now"}});
            watch_signals();  // before shut_down(): its drain may finish (and cancel) at once
            shut_down();
        });
    }

    // Stops taking envelopes (queued acks still go out before the close frame), lets the
    // outbox drain up to kShutdownDrain, then stops everything else so io.run() returns.
    void shut_down() {
        if (stopping) return;
        stopping = true;
        for (const auto& socket : sockets) socket->stop();
        http.stop();
        scheduler_timer.stop();
        conversations.stop();
        maintenance_timer.cancel();
        busy_retry_timer.cancel();
        poller.stop();
        worker.stop();  // its job running finishes (told to stop); io.run() waits for it
        supervisor.stop();
        asio::co_spawn(io, drain_then_stop(), [](std::exception_ptr e) {
            if (e) std::rethrow_exception(e);
        });
    }

    asio::awaitable<void> drain_then_stop() {
        const auto deadline = std::chrono::steady_clock::now() + kShutdownDrain;
        asio::steady_timer timer(io);
        const auto depth = [](storage::Database& side) { return storage::Outbox(side).depth(); };
        std::size_t left = co_await on_database_side(db_calls, "outbox.depth", depth);
        while (sender_started && left > 0 && std::chrono::steady_clock::now() < deadline) {
            timer.expires_after(std::chrono::milliseconds(100));
            co_await timer.async_wait(kNoThrow);
            left = co_await on_database_side(db_calls, "outbox.depth", depth);
        }
        if (left > 0) {
            log::warn("bot.outbox_not_drained",
                      {{"rows", std::to_string(left)}, {"next", "they are sent at the next start"}});
        }
        sender.stop();
        signals.cancel();
        app_api.close();
        bot_api.close();
    }

    LeaseOptions leasing;
    asio::io_context io{1};
    std::shared_ptr<const commands::Clock> clock;
    storage::Database db;  // the io thread's connection
    // The router's connection and thread on PostgreSQL; after io: joined before it goes.
    DatabaseCalls db_calls;
    commands::CommandTable commands;
    commands::Scheduler scheduler;
    asio::ssl::context tls;
    slack::WebApiClient app_api;
    slack::WebApiClient bot_api;
    slack::PeopleCache people;
    slack::PeopleLookup people_lookup;
    slack::EventRouter router;
    slack::OutboxSender sender;
    std::vector<std::unique_ptr<slack::SocketModeClient>> sockets;
    SchedulerTimer scheduler_timer;
    slack::BotConversations conversations;
    http::Server http;
    Worker worker;  // after io: joined before the io_context it posts to goes
    http::TicketIngest ingest;
    connectors::Poller poller;
    storage::RetentionPolicy retention;
    TicketUploads uploads;
    asio::steady_timer maintenance_timer;
    asio::steady_timer busy_retry_timer;
    asio::signal_set signals;
    Supervisor supervisor{io.get_executor()};
    std::string test_failing_task;
    std::string bot_user_id;  // from auth.test; empty until it answered
    bool stopping = false;
    bool sender_started = false;
    bool retrying_events = false;
    std::size_t busy_events_left = 0;
    OutboxFigures outbox_figures;
    int socket_runs = 0;
    int exit_code = 0;
};

// Retention and the query planner's statistics at start, then daily.
asio::awaitable<void> maintain(Bot& bot) {
    // On the database side (PostgreSQL: never on the io thread). Named, not a temporary of the
    // co_await expression (g++ 12, see connectors/poller.cpp).
    const auto maintain_once = [&bot](storage::Database& db) {
        const auto report = storage::apply_retention(db, wall_clock_ms(), bot.retention);
        log::info("maintenance.retention", {{"event_ids", std::to_string(report.processed_events)},
                                            {"outbox_rows", std::to_string(report.outbox_rows)},
                                            {"tickets", std::to_string(report.tickets)},
                                            {"digest_texts", std::to_string(report.digest_texts)}});
        // The planner's statistics: tables without any (at start, on SQLite 3.40 PRAGMA
        // optimize alone would skip them), then those that changed since.
        const int analyzed = storage::analyze_unmeasured_tables(db);
        storage::optimize_statistics(db);
        log::info("maintenance.statistics", {{"tables_analyzed", std::to_string(analyzed)}});
    };
    while (!bot.stopping) {
        try {
            co_await on_database_side(bot.db_calls, "maintenance", maintain_once);
        } catch (const std::exception& e) {
            log::error("maintenance.failed", {{"error", e.what()}, {"next", "retrying tomorrow"}});
        }
        bot.maintenance_timer.expires_after(kMaintenanceInterval);
        co_await bot.maintenance_timer.async_wait(kNoThrow);
    }
}

// The worker's thread as a supervised task: started, then awaited. A thread that ended with
// an error (its connection could not be opened) fails the task, which restarts it with backoff.
asio::awaitable<void> run_worker(Bot& bot) {
    struct Exit {
        explicit Exit(asio::io_context& io) : signal(io, asio::steady_timer::time_point::max()) {}
        std::optional<std::string> error;
        asio::steady_timer signal;  // cancelled when the thread ended
    };
    const auto exit = std::make_shared<Exit>(bot.io);
    bot.worker.start([exit](const std::string& error) {
        exit->error = error;
        exit->signal.cancel();
    });
    while (!exit->error) co_await exit->signal.async_wait(kNoThrow);
    if (!exit->error->empty()) throw std::runtime_error("worker thread: " + *exit->error);
}

// The Socket Mode client as a supervised task: an exception restarts it with backoff (its
// sockets closed, new ones opened); it ends the bot when stopped or when Slack refused the app
// for good (rejected token, link_disabled: exit code 2).
asio::awaitable<void> serve_slack(Bot& bot, std::size_t n) {
    if (n == 0 && bot.test_failing_task == kSocketTask && bot.socket_runs++ == 0)
        co_await failing_test_task("test task socket_client fails on its first run");
    const std::string fatal = co_await bot.sockets[n]->run();
    if (!fatal.empty()) {
        log::error("bot.cannot_connect", {{"reason", fatal}});
        bot.exit_code = 2;
    }
    bot.shut_down();
}

// Checks the bot token before connecting: a wrong token is better reported at start than as
// a failed post an hour later.
asio::awaitable<void> start(Bot& bot) {
    const slack::ApiResult identity = co_await bot.bot_api.call_with_retries("auth.test", {}, 3);
    if (!identity.ok()) {
        if (identity.kind == slack::ApiErrorKind::auth) {
            log::error("bot.token_rejected",
                       {{"error", identity.error},
                        {"fix", "copy the Bot User OAuth Token (xoxb-) from OAuth & Permissions "
                                "into SLACK_BOT_TOKEN"}});
            bot.exit_code = 2;
            bot.shut_down();
            co_return;
        }
        log::warn("bot.auth_test_failed", {{"error", identity.error},
                                           {"next", "connecting anyway; posts will retry"}});
    } else {
        bot.bot_user_id = identity.body.value("user_id", "");
        log::info("bot.identity", {{"team", identity.body.value("team", "")},
                                   {"user_id", bot.bot_user_id}});
        bot.people.set_bot_team(identity.body.value("team_id", ""));
    }
    // Learn early whether the people in RITUALBOT_ADMINS are guests or external, so refusals
    // never name them as people who can help.
    const slack::Wanted listed{bot.people.listed_admins(), {}};
    if (!listed.empty()) {
        asio::co_spawn(bot.io,
                       bot.people_lookup.refresh(
                           listed, std::chrono::steady_clock::now() + slack::PeopleLookup::kWait),
                       asio::detached);
    }
    if (bot.stopping) co_return;
    bot.sender_started = true;
    bot.supervisor.spawn("outbox_sender", [&bot] { return bot.sender.run(); });
    bot.supervisor.spawn("maintenance", [&bot] { return maintain(bot); });
    bot.supervisor.spawn("scheduler_timer", [&bot] { return bot.scheduler_timer.run(); });
    bot.supervisor.spawn("helpdesk_poller", [&bot] { return bot.poller.run(); });
    if (!bot.test_failing_task.empty() && bot.test_failing_task != kSocketTask) {
        bot.supervisor.spawn(bot.test_failing_task, [name = bot.test_failing_task] {
            return failing_test_task("test task " + name + " fails on every run");
        });
    }
    bot.supervisor.spawn("bot_conversations", [&bot] { return bot.conversations.run(); });
    for (std::size_t n = 0; n < bot.sockets.size(); ++n) {
        bot.supervisor.spawn(socket_task(n), [&bot, n] { return serve_slack(bot, n); });
    }
}

}  // namespace

int run_bot(const config::Settings& settings, ClockOverride clock_override) {
    const auto api_url = config::parse_url(settings.api_url);
    if (!api_url || api_url->scheme != "https") {
        std::fprintf(stderr, "SLACK_API_URL must be an https:// URL (got %s)\n",
                     settings.api_url.c_str());
        return 1;
    }
    const auto http_addr = config::parse_host_port(settings.http_addr);
    if (!http_addr) {
        std::fprintf(stderr, "RITUALBOT_HTTP_ADDR must be HOST:PORT (got %s)\n",
                     settings.http_addr.c_str());
        return 1;
    }
    Bot bot(settings, *api_url, choose_clock(settings, std::move(clock_override)));
    const unsigned short http_port = bot.http.listen(http_addr->host, http_addr->port);
    log::info("http.listening", {{"addr", http_addr->host + ":" + std::to_string(http_port)}});
    bot.supervisor.spawn("worker", [&bot] { return run_worker(bot); });
    bot.supervisor.spawn("http_listener", [&bot] { return bot.http.run(); });
    log::info("bot.starting", {{"db", bot.db.path()},
                               {"instance", bot.leasing.holder},
                               {"sockets", std::to_string(bot.sockets.size())},
                               {"database_calls", bot.db_calls.threaded() ? "thread" : "inline"},
                               {"api_url", settings.api_url},
                               {"app_token", config::redact(settings.app_token)},
                               {"bot_token", config::redact(settings.bot_token)}});
    bot.watch_signals();
    asio::co_spawn(bot.io, start(bot), [](std::exception_ptr e) {
        if (e) std::rethrow_exception(e);
    });
    bot.io.run();
    log::info("bot.stopped", {{"exit_code", std::to_string(bot.exit_code)}});
    return bot.exit_code;
}

}  // namespace ritualbot::bot
