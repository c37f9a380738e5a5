#include "bot/slack/socket_connection.hpp"

#include "bot/runtime/log.hpp"
#include "bot/runtime/metrics.hpp"
#include "bot/slack/envelope.hpp"
#include "bot/slack/tls.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace ritualbot::bot::slack {

using tcp = asio::ip::tcp;
using asio::use_awaitable;
constexpr auto kNoThrow = asio::as_tuple(use_awaitable);

namespace {

constexpr std::chrono::seconds kDialStepTimeout{10};
constexpr std::chrono::seconds kWatchdogTick{2};
constexpr std::chrono::seconds kCloseGrace{2};  // Slack does not always close TCP after a close frame
constexpr std::size_t kMaxFrameBytes = 8 * 1024 * 1024;

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
    // Beast masks a client frame through a 4 KiB buffer, so an ack over 4 KiB (/ritual help,
    // about 8 KiB) leaves in several writes; with Nagle's algorithm the second waited for the
    // peer's delayed ACK, some 40 ms per ack. Failing to set it costs only that.
    beast::error_code no_delay_ec;
    socket.socket().set_option(tcp::no_delay(true), no_delay_ec);

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
        [raw](websocket::frame_type, beast::string_view) { raw->last_heard = SteadyClock::now(); });

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
            connection->wake.expires_at(SteadyClock::time_point::max());
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
                    const std::chrono::duration<double> latency =
                        SteadyClock::now() - item.received_at;
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
        const auto now = SteadyClock::now();
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

void send_ack(const ConnectionPtr& connection, const std::string& envelope_id,
              const std::string& type, SteadyClock::time_point received_at,
              const nlohmann::json& payload) {
    if (connection->finished) {
        log::warn("ack.connection_gone", {{"envelope_id", envelope_id},
                                          {"next", "not acked; Slack may redeliver it"}});
        return;
    }
    std::string ack = make_ack(envelope_id, payload);
    if (ack.size() > kMaxAckBytes) {
        log::warn("ack.too_large", {{"envelope_id", envelope_id},
                                    {"bytes", std::to_string(ack.size())},
                                    {"next", "sending a bare ack; the reply is dropped"}});
        ack = make_ack(envelope_id);
    }
    connection->send({Outgoing::Kind::text, std::move(ack), type, received_at});
    ++connection->envelopes;
    log::debug("envelope.acked", {{"type", type}, {"envelope_id", envelope_id}});
}

void handle_frame(const ConnectionHooks& hooks, const ConnectionPtr& connection,
                  std::string_view text) {
    const SteadyClock::time_point received_at = SteadyClock::now();
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
            hooks.notify({connection->id, LinkEvent::hello, {}});
            return;
        case EnvelopeType::disconnect:
            hooks.notify({connection->id, LinkEvent::disconnect, envelope.disconnect_reason});
            return;
        default: break;
    }
    if (!envelope.needs_ack()) {
        log::warn("frame.ignored", {{"type", envelope.type_name}});
        return;
    }
    metrics().add("ritualbot_envelopes_received_total", {{"type", envelope.type_name}});
    hooks.handler.handle(envelope, [connection, id = envelope.envelope_id,
                                    type = envelope.type_name,
                                    received_at](const nlohmann::json& payload) {
        send_ack(connection, id, type, received_at, payload);
    });
}

}  // namespace

asio::awaitable<void> close_gracefully(ConnectionPtr connection) {
    connection->send({Outgoing::Kind::close, {}});
    asio::steady_timer timer(co_await asio::this_coro::executor);
    timer.expires_after(kCloseGrace);
    co_await timer.async_wait(kNoThrow);
    if (!connection->finished) connection->abort();
}

asio::awaitable<void> run_connection(ConnectionPtr connection, config::Url url, ConnectionHooks hooks) {
    const std::string failure = co_await dial(connection, url);
    if (!failure.empty()) {
        connection->finished = true;
        hooks.finished(connection->id);
        hooks.notify({connection->id, LinkEvent::dial_failed, failure});
        co_return;
    }
    connection->last_heard = SteadyClock::now();
    auto executor = co_await asio::this_coro::executor;
    asio::co_spawn(executor, write_loop(connection), asio::detached);
    asio::co_spawn(executor, watchdog(connection, hooks.options), asio::detached);

    beast::flat_buffer buffer;
    beast::error_code read_ec;
    for (;;) {
        auto [ec, bytes] = co_await connection->ws.async_read(buffer, kNoThrow);
        if (ec) {
            read_ec = ec;
            break;
        }
        connection->last_heard = SteadyClock::now();
        const auto data = buffer.cdata();
        handle_frame(hooks, connection,
                     std::string_view(static_cast<const char*>(data.data()), data.size()));
        buffer.consume(bytes);
    }
    connection->finished = true;
    connection->wake.cancel();
    connection->abort();
    hooks.finished(connection->id);
    hooks.notify({connection->id, LinkEvent::closed, describe_close(read_ec)});
}

}  // namespace ritualbot::bot::slack
