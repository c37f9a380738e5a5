#pragma once
// One Socket Mode websocket: dialled over TLS with its host checked, read by one loop that hands
// each envelope to the handler and queues its ack, written by one writer coroutine, watched by
// a watchdog that pings after silence and drops a silent socket. The supervisor in
// socket_mode_client.cpp decides when to open and close them. Only bot/slack includes this.

#include "bot/slack/envelope_handler.hpp"
#include "bot/slack/reconnect_policy.hpp"
#include "bot/slack/socket_mode_options.hpp"
#include "config/url.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <string>

namespace ritualbot::bot::slack {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;

struct Outgoing {
    enum class Kind { text, ping, close } kind;
    std::string text{};
    std::string envelope_type{};            // acks only: for the metrics
    SteadyClock::time_point received_at{};  // acks only: when the envelope arrived
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
    SteadyClock::time_point last_heard = SteadyClock::now();
    SteadyClock::time_point last_ping = SteadyClock::time_point::min();
    int envelopes = 0;  // acks queued: tells a healthy connection (ReconnectPolicy::served)
    bool finished = false;
};

struct LinkNotice {
    int connection;
    LinkEvent event;
    std::string detail;
};

// What a connection reports to, and asks of, its supervisor.
struct ConnectionHooks {
    EnvelopeHandler& handler;
    std::function<void(LinkNotice)> notify;
    std::function<void(int connection)> finished;  // it will neither read nor write again
    SocketModeOptions options;
};

using ConnectionPtr = std::shared_ptr<Connection>;

// Dials, then reads until the socket ends; hello, disconnect and the end go to hooks.notify.
asio::awaitable<void> run_connection(ConnectionPtr connection, config::Url url,
                                     ConnectionHooks hooks);

// A close frame, then the socket is dropped if the peer has not closed it in time.
asio::awaitable<void> close_gracefully(ConnectionPtr connection);

}  // namespace ritualbot::bot::slack
