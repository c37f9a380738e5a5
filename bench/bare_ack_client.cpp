// The bare acking client of the Socket Mode benchmark (bench/socket_bench.cpp): the least a
// Socket Mode client can do — open a connection (apps.connections.open, then the websocket
// over verified TLS), and answer every envelope with `{"envelope_id":"..."}` — so the bot's
// figures can be read against what the same load generator allows at all. One thread, one
// read loop, one writer coroutine draining a queue (never two writes at once). Reads
// SLACK_APP_TOKEN, SLACK_API_URL and RITUALBOT_CA_FILE like the bot; exits when the socket
// closes or on SIGTERM. With RITUALBOT_BARE_REPLY_BYTES=N every ack carries an ephemeral
// reply of N bytes of text, as big as the bot's answer: the generator's cost of that reply
// then weighs on both rows alike.

#include "bot/slack/tls.hpp"
#include "bot/slack/web_api_client.hpp"
#include "config/url.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

namespace ritualbot::bench {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace ssl = asio::ssl;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

// config::parse_url, the bot's own; a URL it cannot read ends the benchmark.
config::Url parse_url(const std::string& text) {
    const auto url = config::parse_url(text);
    if (!url) throw std::runtime_error("not a URL: " + text);
    return *url;
}

std::string env(const char* name) {
    const char* value = std::getenv(name);
    if (!value || !*value) throw std::runtime_error(std::string(name) + " is not set");
    return value;
}

asio::awaitable<void> connect_tls(TlsStream& stream, config::Url url) {
    tcp::resolver resolver(co_await asio::this_coro::executor);
    const auto endpoints = co_await resolver.async_resolve(url.host, url.port, asio::use_awaitable);
    beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(10));
    co_await beast::get_lowest_layer(stream).async_connect(endpoints, asio::use_awaitable);
    // As the bot does: an ack over Beast's 4 KiB masking buffer must not wait for Nagle.
    beast::get_lowest_layer(stream).socket().set_option(tcp::no_delay(true));
    if (!bot::slack::expect_peer_name(stream.native_handle(), url.host)) {
        throw std::runtime_error("cannot set the expected peer name " + url.host);
    }
    co_await stream.async_handshake(ssl::stream_base::client, asio::use_awaitable);
}

// apps.connections.open through the bot's Web API client: the single-use websocket URL.
asio::awaitable<std::string> open_socket_url(ssl::context& tls, std::string api_url,
                                             std::string token) {
    bot::slack::WebApiClient api(co_await asio::this_coro::executor, tls, parse_url(api_url),
                                 std::move(token));
    const bot::slack::ApiResult opened =
        co_await api.call("apps.connections.open", nlohmann::json::object());
    if (!opened.ok() || !opened.body.contains("url")) {
        throw std::runtime_error("apps.connections.open answered " + opened.error);
    }
    co_return opened.body["url"].get<std::string>();
}

// The envelope id of a frame, found without parsing the JSON (hello has none).
std::string envelope_id_of(std::string_view frame) {
    constexpr std::string_view kKey = "\"envelope_id\"";
    std::size_t at = frame.find(kKey);
    if (at == std::string_view::npos) return {};
    at = frame.find('"', at + kKey.size());
    if (at == std::string_view::npos) return {};
    const std::size_t end = frame.find('"', at + 1);
    if (end == std::string_view::npos) return {};
    return std::string(frame.substr(at + 1, end - at - 1));
}

struct Link {
    Link(asio::any_io_executor executor, ssl::context& tls) : ws(executor, tls) {}
    websocket::stream<TlsStream> ws;
    std::deque<std::string> queue;
    bool writing = false;
};

// The one writer: drains the queue, then leaves; the reader starts it again when needed.
asio::awaitable<void> drain(std::shared_ptr<Link> link) {
    while (!link->queue.empty()) {
        const std::string ack = std::move(link->queue.front());
        link->queue.pop_front();
        const auto [ec, n] =
            co_await link->ws.async_write(asio::buffer(ack), asio::as_tuple(asio::use_awaitable));
        if (ec) break;  // the read loop sees the same error and ends the program
    }
    link->writing = false;
}

asio::awaitable<void> serve(ssl::context& tls, std::string api_url, std::string token) {
    const auto executor = co_await asio::this_coro::executor;
    const config::Url url = parse_url(co_await open_socket_url(tls, api_url, token));
    auto link = std::make_shared<Link>(executor, tls);
    co_await connect_tls(link->ws.next_layer(), url);
    link->ws.auto_fragment(false);
    co_await link->ws.async_handshake(url.host + ":" + url.port, url.path, asio::use_awaitable);
    // The read below waits as long as the benchmark runs; the handshake deadline must not.
    beast::get_lowest_layer(link->ws).expires_never();
    std::fprintf(stderr, "bare client: connected\n");
    const char* reply_bytes = std::getenv("RITUALBOT_BARE_REPLY_BYTES");
    const std::string reply_suffix =
        reply_bytes == nullptr ? "}"
                               : R"(,"payload":{"response_type":"ephemeral","text":")" +
                                     std::string(std::strtoul(reply_bytes, nullptr, 10), 'x') +
                                     "\"}}";
    beast::flat_buffer buffer;
    for (;;) {
        const auto [ec, n] =
            co_await link->ws.async_read(buffer, asio::as_tuple(asio::use_awaitable));
        if (ec) {
            std::fprintf(stderr, "bare client: socket closed (%s)\n", ec.message().c_str());
            co_return;
        }
        const std::string id = envelope_id_of(
            std::string_view(static_cast<const char*>(buffer.cdata().data()), buffer.size()));
        buffer.consume(buffer.size());
        if (id.empty()) continue;  // hello, disconnect
        link->queue.push_back("{\"envelope_id\":\"" + id + "\"" + reply_suffix);
        if (!link->writing) {
            link->writing = true;
            asio::co_spawn(executor, drain(link), asio::detached);
        }
    }
}

}  // namespace
}  // namespace ritualbot::bench

int main() {
    namespace asio = boost::asio;
    try {
        asio::io_context io(1);
        auto tls = ritualbot::bot::slack::make_client_tls_context(
            ritualbot::bench::env("RITUALBOT_CA_FILE"));
        asio::signal_set signals(io, SIGTERM, SIGINT);
        signals.async_wait([&io](const boost::system::error_code&, int) { io.stop(); });
        asio::co_spawn(io,
                       ritualbot::bench::serve(tls, ritualbot::bench::env("SLACK_API_URL"),
                                               ritualbot::bench::env("SLACK_APP_TOKEN")),
                       [&io](std::exception_ptr error) {
                           if (error) {
                               try {
                                   std::rethrow_exception(error);
                               } catch (const std::exception& e) {
                                   std::fprintf(stderr, "bare client: %s\n", e.what());
                               }
                           }
                           io.stop();
                       });
        io.run();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bare client: %s\n", e.what());
        return 1;
    }
    return 0;
}
