#include "bot/slack/socket_mode_client.hpp"

#include "bot/log.hpp"
#include "bot/metrics.hpp"
#include "bot/slack/reconnect_policy.hpp"
#include "bot/slack/tls.hpp"
#include "bot/slack/web_api_client.hpp"
#include "config/url.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include <deque>
#include <map>
#include <random>

namespace ritualbot::bot::slack {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using asio::use_awaitable;
using Clock = std::chrono::steady_clock;
constexpr auto kNoThrow = asio::as_tuple(use_awaitable);

namespace {

constexpr std::chrono::seconds kDialStepTimeout{10};
constexpr std::chrono::seconds kWatchdogTick{2};
constexpr std::chrono::seconds kCloseGrace{2};  // Slack does not always close TCP after a close frame
constexpr std::size_t kMaxFrameBytes = 8 * 1024 * 1024;

struct Outgoing {
    enum class Kind { text, ping, close } kind;
    std::string text{};
    std::string envelope_type{};      // acks only: for the metrics
    Clock::time_point received_at{};  // acks only: when the envelope arrived
};

struct Connection {
    Connection(const asio::any_io_executor& executor, asio::ssl::context& tls, int connection_id)
        : id(connection_id), ws(executor, tls), wake(executor) {}

    void send(Outgoing item) {
        queue.push_back(std::move(item));
        wake.cancel();
    }
    void abort() {
        beast::error_code ignored;
        beast::get_lowest_layer(ws).socket().close(ignored);
    }

    const int id;
    websocket::stream<beast::ssl_stream<beast::tcp_stream>> ws;
    std::deque<Outgoing> queue;
    asio::steady_timer wake;  // the writer sleeps on it; send() cancels it
    Clock::time_point last_heard = Clock::now();
    Clock::time_point last_ping = Clock::time_point::min();
    bool finished = false;
};

struct LinkNotice {
    int connection;
    LinkEvent event;
    std::string detail;
};

}  // namespace

struct SocketModeClient::Impl {
    Impl(asio::any_io_executor ex, asio::ssl::context& context, WebApiClient& api,
         EnvelopeHandler envelope_handler, SocketModeOptions opts)
        : executor(std::move(ex)),
          tls(context),
          app_api(api),
          handler(std::move(envelope_handler)),
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
    EnvelopeHandler handler;
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
using ConnectionPtr = std::shared_ptr<Connection>;

std::string describe_close(const beast::error_code& ec) {
    if (ec == websocket::error::closed) return "closed by Slack";
    if (ec == asio::error::eof || ec == asio::ssl::error::stream_truncated)
        return "connection dropped by the peer";
    if (ec == asio::error::operation_aborted || ec == asio::error::bad_descriptor)
        return "closed by ritualbot";
    return ec.message();
}

// TCP connect, TLS with certificate and host checks, websocket upgrade: each step bounded.
asio::awaitable<std::string> dial(ConnectionPtr connection, config::Url url) {
    auto executor = co_await asio::this_coro::executor;
    tcp::resolver resolver(executor);
    auto [resolve_ec, endpoints] = co_await resolver.async_resolve(url.host, url.port, kNoThrow);
    if (resolve_ec) co_return "cannot resolve " + url.host + ": " + resolve_ec.message();

    auto& socket = beast::get_lowest_layer(connection->ws);
    socket.expires_after(kDialStepTimeout);
    auto [connect_ec, endpoint] = co_await socket.async_connect(endpoints, kNoThrow);
    if (connect_ec) co_return "cannot connect to " + url.host + ":" + url.port + ": " +
                              connect_ec.message();

    auto& tls_stream = connection->ws.next_layer();
    if (!expect_peer_name(tls_stream.native_handle(), url.host))
        co_return "cannot set the expected TLS peer name " + url.host;
    socket.expires_after(kDialStepTimeout);
    auto [tls_ec] = co_await tls_stream.async_handshake(asio::ssl::stream_base::client, kNoThrow);
    if (tls_ec) co_return "TLS handshake with " + url.host + " failed: " +
                          describe_tls_error(tls_ec, tls_stream.native_handle());

    // From here on the websocket's own timeouts apply; a stale tcp deadline would kill reads.
    socket.expires_never();
    websocket::stream_base::timeout timeouts{};
    timeouts.handshake_timeout = kDialStepTimeout;
    timeouts.idle_timeout = websocket::stream_base::none();
    timeouts.keep_alive_pings = false;  // our watchdog pings; see BEAST-NOTES.md
    connection->ws.set_option(timeouts);
    connection->ws.set_option(websocket::stream_base::decorator(
        [](websocket::request_type& request) { request.set(beast::http::field::user_agent, "ritualbot/0.1"); }));
    connection->ws.auto_fragment(false);  // Slack drops fragmented acks
    connection->ws.read_message_max(kMaxFrameBytes);
    Connection* raw = connection.get();
    connection->ws.control_callback(
        [raw](websocket::frame_type, beast::string_view) { raw->last_heard = Clock::now(); });

    const bool default_port = url.port == "443";
    const std::string host = default_port ? url.host : url.host + ":" + url.port;
    auto [ws_ec] = co_await connection->ws.async_handshake(host, url.path, kNoThrow);
    if (ws_ec) co_return "websocket upgrade failed: " + ws_ec.message();
    co_return std::string();
}

// The only coroutine that writes to this websocket.
asio::awaitable<void> write_loop(ConnectionPtr connection) {
    while (!connection->finished) {
        if (connection->queue.empty()) {
            connection->wake.expires_at(Clock::time_point::max());
            co_await connection->wake.async_wait(kNoThrow);
            continue;
        }
        Outgoing item = std::move(connection->queue.front());
        connection->queue.pop_front();
        beast::error_code ec;
        switch (item.kind) {
            case Outgoing::Kind::text: {
                auto [write_ec, n] =
                    co_await connection->ws.async_write(asio::buffer(item.text), kNoThrow);
                ec = write_ec;
                if (!ec && !item.envelope_type.empty()) {
                    const std::chrono::duration<double> latency = Clock::now() - item.received_at;
                    metrics().add("ritualbot_envelopes_acked_total", {{"type", item.envelope_type}});
                    metrics().observe("ritualbot_ack_latency_seconds", {{"type", item.envelope_type}},
                                      latency.count());
                }
                break;
            }
            case Outgoing::Kind::ping: {
                auto [ping_ec] = co_await connection->ws.async_ping({}, kNoThrow);
                ec = ping_ec;
                break;
            }
            case Outgoing::Kind::close: {
                // The read loop sees the close complete (or the grace timer aborts it).
                co_await connection->ws.async_close(websocket::close_code::normal, kNoThrow);
                co_return;
            }
        }
        if (ec) {
            log::warn("socket.write_failed",
                      {{"connection", std::to_string(connection->id)}, {"error", ec.message()}});
            connection->abort();  // the read loop notices and reports the loss
            co_return;
        }
    }
}

// Pings after silence, gives the socket up after longer silence (a half-open TCP link never
// errors by itself).
asio::awaitable<void> watchdog(ConnectionPtr connection, SocketModeOptions options) {
    asio::steady_timer timer(co_await asio::this_coro::executor);
    while (!connection->finished) {
        timer.expires_after(kWatchdogTick);
        co_await timer.async_wait(kNoThrow);
        if (connection->finished) break;
        const auto now = Clock::now();
        const auto silence = now - connection->last_heard;
        if (silence >= options.dead_after_silence) {
            log::warn("socket.silent", {{"connection", std::to_string(connection->id)},
                                        {"silent_s", std::to_string(std::chrono::duration_cast<std::chrono::seconds>(silence).count())},
                                        {"next", "dropping it and reconnecting"}});
            connection->abort();
            break;
        }
        if (silence >= options.ping_after_silence &&
            now - connection->last_ping >= options.ping_after_silence) {
            connection->last_ping = now;
            connection->send({Outgoing::Kind::ping, {}});
        }
    }
}

asio::awaitable<void> close_gracefully(ConnectionPtr connection) {
    connection->send({Outgoing::Kind::close, {}});
    asio::steady_timer timer(co_await asio::this_coro::executor);
    timer.expires_after(kCloseGrace);
    co_await timer.async_wait(kNoThrow);
    if (!connection->finished) connection->abort();
}

void handle_frame(const ImplPtr& self, const ConnectionPtr& connection, std::string_view text) {
    const Clock::time_point received_at = Clock::now();
    ParsedFrame parsed = parse_frame(text);
    if (!parsed.envelope) {
        log::warn("frame.invalid", {{"connection", std::to_string(connection->id)},
                                    {"error", parsed.error},
                                    {"bytes", std::to_string(text.size())}});
        return;
    }
    const Envelope& envelope = *parsed.envelope;
    switch (envelope.type) {
        case EnvelopeType::hello:
            log::info("socket.hello", {{"connection", std::to_string(connection->id)},
                                       {"num_connections", std::to_string(envelope.num_connections)}});
            self->notify({connection->id, LinkEvent::hello, {}});
            return;
        case EnvelopeType::disconnect:
            self->notify({connection->id, LinkEvent::disconnect, envelope.disconnect_reason});
            return;
        default: break;
    }
    if (!envelope.needs_ack()) {
        log::warn("frame.ignored", {{"type", envelope.type_name}});
        return;
    }
    metrics().add("ritualbot_envelopes_received_total", {{"type", envelope.type_name}});
    const nlohmann::json payload = self->handler(envelope);
    std::string ack = make_ack(envelope.envelope_id, payload);
    if (ack.size() > kMaxAckBytes) {
        log::warn("ack.too_large", {{"envelope_id", envelope.envelope_id},
                                    {"bytes", std::to_string(ack.size())},
                                    {"next", "sending a bare ack; the reply is dropped"}});
        ack = make_ack(envelope.envelope_id);
    }
    connection->send({Outgoing::Kind::text, std::move(ack), envelope.type_name, received_at});
    log::debug("envelope.acked", {{"type", envelope.type_name}, {"envelope_id", envelope.envelope_id}});
}

asio::awaitable<void> run_connection(ImplPtr self, ConnectionPtr connection, config::Url url) {
    const std::string failure = co_await dial(connection, url);
    if (!failure.empty()) {
        connection->finished = true;
        self->connections.erase(connection->id);
        self->notify({connection->id, LinkEvent::dial_failed, failure});
        co_return;
    }
    connection->last_heard = Clock::now();
    auto executor = co_await asio::this_coro::executor;
    asio::co_spawn(executor, write_loop(connection), asio::detached);
    asio::co_spawn(executor, watchdog(connection, self->options), asio::detached);

    beast::flat_buffer buffer;
    beast::error_code read_ec;
    for (;;) {
        auto [ec, bytes] = co_await connection->ws.async_read(buffer, kNoThrow);
        if (ec) {
            read_ec = ec;
            break;
        }
        connection->last_heard = Clock::now();
        const auto data = buffer.cdata();
        handle_frame(self, connection,
                     std::string_view(static_cast<const char*>(data.data()), data.size()));
        buffer.consume(bytes);
    }
    connection->finished = true;
    connection->wake.cancel();
    connection->abort();
    self->connections.erase(connection->id);
    self->notify({connection->id, LinkEvent::closed, describe_close(read_ec)});
}

// Waits for the next notice, or until `deadline`; nullopt on timeout or stop.
asio::awaitable<std::optional<LinkNotice>> next_notice(ImplPtr self, Clock::time_point deadline) {
    while (self->notices.empty() && !self->stopping && Clock::now() < deadline) {
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
    asio::co_spawn(self->executor, run_connection(self, connection, *url), asio::detached);
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
        const auto hello_deadline = Clock::now() + self->options.hello_timeout;
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
        delay = std::chrono::milliseconds(0);
        log::info("socket.connected", {{"connection", std::to_string(current->id)}});

        // Serve until this connection is recycled or lost (make-before-break keeps it serving
        // while the replacement connects).
        for (;;) {
            auto notice = co_await next_notice(self, Clock::time_point::max());
            if (!notice) break;  // stopping
            if (notice->connection != current->id) continue;  // an old socket finishing
            if (notice->event == LinkEvent::disconnect) {
                const Decision decision = policy.on(LinkEvent::disconnect, notice->detail);
                metrics().add("ritualbot_reconnects_total", {{"reason", notice->detail}});
                log::info("socket.disconnect", {{"connection", std::to_string(current->id)},
                                                {"reason", notice->detail},
                                                {"next", decision.reason}});
                apply(decision);
                break;
            }
            if (notice->event == LinkEvent::closed) {
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
                                   WebApiClient& app_api, EnvelopeHandler handler,
                                   SocketModeOptions options)
    : impl_(std::make_shared<Impl>(std::move(executor), tls, app_api, std::move(handler), options)) {}

SocketModeClient::~SocketModeClient() {
    impl_->stopping = true;
    for (auto& [id, connection] : impl_->connections) connection->abort();
}

asio::awaitable<std::string> SocketModeClient::run() { return supervise(impl_); }

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
