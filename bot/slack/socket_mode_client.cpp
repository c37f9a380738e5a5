#include "bot/slack/socket_mode_client.hpp"

#include "bot/runtime/log.hpp"
#include "bot/runtime/metrics.hpp"
#include "bot/slack/reconnect_policy.hpp"
#include "bot/slack/socket_connection.hpp"
#include "bot/slack/web_api_client.hpp"
#include "config/url.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <deque>
#include <map>
#include <random>

namespace ritualbot::bot::slack {

using asio::use_awaitable;
constexpr auto kNoThrow = asio::as_tuple(use_awaitable);

struct SocketModeClient::Impl {
    Impl(asio::any_io_executor ex, asio::ssl::context& context, WebApiClient& api,
         EnvelopeHandler& envelope_handler, SocketModeOptions opts)
        : executor(std::move(ex)),
          tls(context),
          app_api(api),
          handler(envelope_handler),
          options(opts),
          notice_ready(executor),
          sleep_timer(executor) {}

    void notify(LinkNotice notice) {
        notices.push_back(std::move(notice));
        notice_ready.cancel();
    }

    asio::any_io_executor executor;
    asio::ssl::context& tls;
    WebApiClient& app_api;
    EnvelopeHandler& handler;
    SocketModeOptions options;
    std::deque<LinkNotice> notices;
    asio::steady_timer notice_ready;
    asio::steady_timer sleep_timer;
    std::map<int, std::shared_ptr<Connection>> connections;  // open or opening
    int next_connection_id = 1;
    int serving_connection = 0;  // the socket envelopes are expected on; 0 while reconnecting
    bool stopping = false;
};

namespace {

using ImplPtr = std::shared_ptr<SocketModeClient::Impl>;

// Waits for the next notice, or until `deadline`; nullopt on timeout or stop.
asio::awaitable<std::optional<LinkNotice>> next_notice(ImplPtr self,
                                                       SteadyClock::time_point deadline) {
    while (self->notices.empty() && !self->stopping && SteadyClock::now() < deadline) {
        self->notice_ready.expires_at(deadline);
        co_await self->notice_ready.async_wait(kNoThrow);
    }
    if (self->notices.empty() || self->stopping) co_return std::nullopt;
    LinkNotice notice = std::move(self->notices.front());
    self->notices.pop_front();
    co_return notice;
}

asio::awaitable<void> sleep(ImplPtr self, std::chrono::milliseconds delay) {
    if (delay.count() <= 0 || self->stopping) co_return;
    self->sleep_timer.expires_after(delay);
    co_await self->sleep_timer.async_wait(kNoThrow);
}

// apps.connections.open, then dial; nullopt-free result: the new connection's id, or the
// decision to apply when it failed.
struct OpenOutcome {
    ConnectionPtr connection;
    LinkEvent failure = LinkEvent::dial_failed;
    std::string detail;
    std::optional<std::chrono::seconds> retry_after;
};

asio::awaitable<OpenOutcome> open_connection(ImplPtr self) {
    ApiResult opened = co_await self->app_api.call("apps.connections.open", nlohmann::json::object());
    if (!opened.ok()) co_return OpenOutcome{nullptr, LinkEvent::open_failed, opened.error, opened.retry_after};
    const std::string url_text = opened.body.value("url", std::string());
    const auto url = config::parse_url(url_text);
    if (!url || (url->scheme != "wss" && url->scheme != "ws"))
        co_return OpenOutcome{nullptr, LinkEvent::open_failed, "no usable wss url in the answer", std::nullopt};

    auto connection = std::make_shared<Connection>(self->executor, self->tls, self->next_connection_id++);
    self->connections[connection->id] = connection;
    ConnectionHooks hooks{self->handler,
                          [self](LinkNotice notice) { self->notify(std::move(notice)); },
                          [self](int id) { self->connections.erase(id); }, self->options};
    asio::co_spawn(self->executor, run_connection(connection, *url, std::move(hooks)),
                   asio::detached);
    co_return OpenOutcome{connection, LinkEvent::hello, {}, std::nullopt};
}

asio::awaitable<std::string> supervise(ImplPtr self) {
    std::random_device seed;
    std::mt19937 random(seed());
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    ReconnectPolicy policy(Backoff(self->options.backoff_base, self->options.backoff_cap,
                                   [&] { return uniform(random); }));
    ConnectionPtr current;
    std::chrono::milliseconds delay{0};
    std::string fatal;

    auto apply = [&](const Decision& decision) {
        delay = decision.delay;
        if (decision.step == NextStep::stop) fatal = decision.reason;
        if (decision.step == NextStep::reconnect_after || decision.step == NextStep::stop) {
            if (current) current->abort();
            current.reset();
            self->serving_connection = 0;
        }
    };

    while (!self->stopping && fatal.empty()) {
        co_await sleep(self, delay);
        if (self->stopping) break;

        OpenOutcome outcome = co_await open_connection(self);
        if (!outcome.connection) {
            const Decision decision = policy.on(outcome.failure, outcome.detail, outcome.retry_after);
            metrics().add("ritualbot_reconnects_total", {{"reason", "open_failed"}});
            log::warn("socket.open_failed", {{"reason", decision.reason},
                                             {"retry_in_ms", std::to_string(decision.delay.count())}});
            delay = decision.delay;
            if (decision.step == NextStep::stop) fatal = decision.reason;
            continue;
        }

        // Wait for the new socket's hello; the old one (if any) keeps serving meanwhile.
        const ConnectionPtr fresh = outcome.connection;
        const auto hello_deadline = SteadyClock::now() + self->options.hello_timeout;
        std::optional<std::string> dial_failure;
        bool ready = false;
        while (!ready && !dial_failure) {
            auto notice = co_await next_notice(self, hello_deadline);
            if (!notice) {
                if (!self->stopping) dial_failure = "no hello within the timeout";
                break;
            }
            if (notice->connection == fresh->id) {
                if (notice->event == LinkEvent::hello) ready = true;
                else if (notice->event != LinkEvent::disconnect) dial_failure = notice->detail;
            } else if (current && notice->connection == current->id &&
                       notice->event == LinkEvent::closed) {
                log::info("socket.closed", {{"connection", std::to_string(current->id)},
                                            {"reason", notice->detail},
                                            {"next", "replacement is connecting"}});
                current.reset();
                self->serving_connection = 0;
            }
        }
        if (self->stopping) break;
        if (!ready) {
            fresh->abort();
            const Decision decision = policy.on(LinkEvent::dial_failed, dial_failure.value_or("stopped"));
            metrics().add("ritualbot_reconnects_total", {{"reason", "dial_failed"}});
            log::warn("socket.dial_failed", {{"connection", std::to_string(fresh->id)},
                                             {"reason", decision.reason},
                                             {"retry_in_ms", std::to_string(decision.delay.count())}});
            delay = decision.delay;
            continue;
        }
        policy.on(LinkEvent::hello, {});
        if (current) asio::co_spawn(self->executor, close_gracefully(current), asio::detached);
        current = fresh;
        self->serving_connection = current->id;
        const SteadyClock::time_point connected_at = SteadyClock::now();
        // Whether this connection proved healthy decides the backoff after it ends.
        auto tell_served = [&] {
            policy.served(std::chrono::duration_cast<std::chrono::milliseconds>(
                              SteadyClock::now() - connected_at),
                          current->envelopes);
        };
        delay = std::chrono::milliseconds(0);
        log::info("socket.connected", {{"connection", std::to_string(current->id)}});

        // Serve until this connection is recycled or lost (make-before-break keeps it serving
        // while the replacement connects).
        for (;;) {
            auto notice = co_await next_notice(self, SteadyClock::time_point::max());
            if (!notice) break;  // stopping
            if (notice->connection != current->id) continue;  // an old socket finishing
            if (notice->event == LinkEvent::disconnect) {
                tell_served();
                const Decision decision = policy.on(LinkEvent::disconnect, notice->detail);
                metrics().add("ritualbot_reconnects_total", {{"reason", notice->detail}});
                log::info("socket.disconnect", {{"connection", std::to_string(current->id)},
                                                {"reason", notice->detail},
                                                {"next", decision.reason}});
                apply(decision);
                break;
            }
            if (notice->event == LinkEvent::closed) {
                tell_served();
                const Decision decision = policy.on(LinkEvent::closed, notice->detail);
                metrics().add("ritualbot_reconnects_total", {{"reason", "connection_lost"}});
                log::warn("socket.lost", {{"connection", std::to_string(current->id)},
                                          {"reason", decision.reason},
                                          {"retry_in_ms", std::to_string(decision.delay.count())}});
                current.reset();
                self->serving_connection = 0;
                apply(decision);
                break;
            }
        }
    }
    for (auto& [id, connection] : self->connections) connection->abort();
    co_return fatal;
}

}  // namespace

SocketModeClient::SocketModeClient(asio::any_io_executor executor, asio::ssl::context& tls,
                                   WebApiClient& app_api, EnvelopeHandler& handler,
                                   SocketModeOptions options)
    : impl_(std::make_shared<Impl>(std::move(executor), tls, app_api, handler, options)) {}

SocketModeClient::~SocketModeClient() {
    impl_->stopping = true;
    for (auto& [id, connection] : impl_->connections) connection->abort();
}

asio::awaitable<std::string> SocketModeClient::run() {
    try {
        co_return co_await supervise(impl_);
    } catch (...) {
        // Unexpected: the caller's supervisor runs this again, which must start from no socket.
        for (auto& [id, connection] : impl_->connections) connection->abort();
        impl_->serving_connection = 0;
        throw;
    }
}

void SocketModeClient::stop() {
    impl_->stopping = true;
    impl_->notice_ready.cancel();
    impl_->sleep_timer.cancel();
    for (auto& [id, connection] : impl_->connections) {
        asio::co_spawn(impl_->executor, close_gracefully(connection), asio::detached);
    }
}

bool SocketModeClient::connected() const {
    return impl_->serving_connection != 0 && impl_->connections.count(impl_->serving_connection) > 0;
}

int SocketModeClient::open_connections() const {
    return static_cast<int>(impl_->connections.size());
}

}  // namespace ritualbot::bot::slack
