#pragma once
// Polls every configured helpdesk source (storage/helpdesk_sources) on the bot's schedule: a
// source is due at start (a sync stopped by a restart goes on from its stored cursor), every
// RITUALBOT_SYNC_INTERVAL after its last pass, and at once after `/outliers source sync`;
// never while its channel is paused (it left the rituals).
// Each due source gets a pass (sync_pass.hpp) whose steps — the HTTPS request, the mapping and
// the database writes — run as jobs on the worker, never on the io thread; the waits between
// them (spacing, Retry-After, backoff) are io-thread timers. Every page gets a progress line in
// the log; every request and ticket is counted in /metrics per source; a failing source keeps
// its error in its row (shown by `/outliers source list` and /readyz) and the bot serves on.
// With several instances on one database, a source is polled only by the instance holding its
// lease "connector:<channel>:<kind>" (renewed before each page), so one poller per source.
// Runs on the io thread under the supervisor; not thread-safe.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <functional>
#include <memory>
#include <string>

#include "bot/runtime/lease_keeper.hpp"
#include "config/settings.hpp"

namespace ritualbot::storage {
class Database;
}

namespace ritualbot::bot {
class DatabaseCalls;
class Worker;
}

namespace ritualbot::bot::connectors {

class Poller {
public:
    // Which sources are due, and their leases, are database calls (`calls`); the passes run
    // on the worker; `on_enqueued` wakes the outbox sender after a pass posted its
    // announcement.
    Poller(boost::asio::any_io_executor executor, const config::Settings& settings,
           DatabaseCalls& calls, Worker& worker, LeaseOptions leasing,
           std::function<void()> on_enqueued);
    ~Poller();

    boost::asio::awaitable<void> run();  // until stop()
    void stop();

    // For /readyz: one line per source, "source C1/zendesk: ok, last success …" or why it
    // fails. Reads `db`: call it on the database side.
    static std::string status_lines(storage::Database& db);

    // How often due sources are looked for (so `/outliers source sync` starts within it).
    static constexpr std::chrono::seconds kTick{2};

    struct Impl;

private:
    std::shared_ptr<Impl> impl_;
};

}  // namespace ritualbot::bot::connectors
