#include "emulator/page_server.hpp"

#include "emulator/media_type.hpp"
#include "emulator/page_assets.hpp"
#include "config/url.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <list>
#include <random>
#include <stdexcept>

namespace ritualbot::emulator {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

// The page talks only to this server and runs only its own script: a stray link or a
// rendered message cannot load anything from elsewhere.
constexpr const char* kSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self' data:; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";
constexpr std::chrono::seconds kSseKeepAlive{15};

struct SseClient {
    explicit SseClient(const asio::any_io_executor& executor) : wake(executor) {}
    asio::steady_timer wake;  // cancelled when the timeline grows
};

bool is_loopback_name(const std::string& host) {
    return host == "127.0.0.1" || host == "localhost" || host == "::1" || host == "[::1]";
}

// "127.0.0.1:8080" -> "127.0.0.1"; "[::1]:8080" -> "[::1]".
std::string host_of(std::string_view host_header) {
    const auto colon = host_header.rfind(':');
    if (colon == std::string_view::npos || host_header.find(']', colon) != std::string_view::npos)
        return std::string(host_header);
    return std::string(host_header.substr(0, colon));
}

http::response<http::string_body> answer(const http::request<http::string_body>& req, int status,
                                         std::string_view content_type, std::string body) {
    http::response<http::string_body> res{static_cast<http::status>(status), req.version()};
    res.set(http::field::server, "ritualbot-sandbox");
    res.set(http::field::content_type, content_type);
    res.set(http::field::cache_control, "no-store");
    res.set("Content-Security-Policy", kSecurityPolicy);
    res.set("X-Content-Type-Options", "nosniff");
    res.set("Referrer-Policy", "no-referrer");
    res.body() = std::move(body);
    res.keep_alive(req.keep_alive());
    res.prepare_payload();
    return res;
}

}  // namespace

struct Emulator::PageServer::Impl {
    Impl(asio::io_context& io_context, State& emulator_state, Deliver deliver_to_bot)
        : io(io_context), state(emulator_state), deliver(std::move(deliver_to_bot)), acceptor(io) {}

    // A page on 127.0.0.1 only answers requests addressed to a loopback name: a web site
    // that rebinds its own DNS name to 127.0.0.1 cannot script the sandbox.
    bool host_allowed(std::string_view host_header) const {
        return !loopback_only || is_loopback_name(host_of(host_header));
    }

    void wake_all() {
        for (auto& client : clients) client->wake.cancel();
    }

    // Everything after `after` as server-sent events; advances `after`.
    std::string events_after(long long& after) {
        std::string out;
        std::lock_guard lock(state.mutex);
        // An id from before a restart: the page reloads on the new instance anyway.
        if (after > static_cast<long long>(state.timeline.size())) after = 0;
        for (auto i = static_cast<std::size_t>(after); i < state.timeline.size(); ++i) {
            const auto& event = state.timeline[i];
            out += "id: " + std::to_string(i + 1) + "\ndata: " +
                   event.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n\n";
        }
        after = static_cast<long long>(state.timeline.size());
        return out;
    }

    // Coroutines take the Impl by pointer (never a capturing lambda): it outlives them all.
    static asio::awaitable<void> accept_loop(Impl* self);
    static asio::awaitable<void> page_session(Impl* self, tcp::socket socket);
    static asio::awaitable<void> sse_session(Impl* self, beast::tcp_stream stream, long long after);
    static http::response<http::string_body> route(Impl* self,
                                                   http::request<http::string_body>& req);

    asio::io_context& io;
    State& state;
    Deliver deliver;
    tcp::acceptor acceptor;
    bool loopback_only = true;
    // Tells a page that reconnects after a restart to start over (the timeline is new).
    std::string instance = std::to_string(std::random_device{}());
    std::list<std::shared_ptr<SseClient>> clients;
};

asio::awaitable<void> Emulator::PageServer::Impl::sse_session(Impl* self, beast::tcp_stream stream,
                                                              long long after) {
    // No Content-Length and Connection: close, so the body runs until either side closes.
    std::string head =
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n"
        "Cache-Control: no-store\r\nConnection: close\r\nX-Content-Type-Options: nosniff\r\n"
        "\r\nretry: 1000\n\nevent: hello\ndata: {\"instance\":\"" +
        self->instance + "\"}\n\n";
    stream.expires_after(10s);
    if (auto [ec, n] = co_await asio::async_write(stream, asio::buffer(head), kTuple); ec)
        co_return;
    auto client = std::make_shared<SseClient>(self->io.get_executor());
    self->clients.push_back(client);
    const auto registered = std::prev(self->clients.end());
    for (;;) {
        // No suspension between reading the timeline and waiting: a wake posted meanwhile
        // runs after the wait started, so none is lost.
        std::string chunk = self->events_after(after);
        if (chunk.empty()) {
            client->wake.expires_after(kSseKeepAlive);
            auto [wait_ec] = co_await client->wake.async_wait(kTuple);
            if (wait_ec) continue;       // woken: there is something new
            chunk = ": keep-alive\n\n";  // also finds clients that went away
        }
        stream.expires_after(10s);
        auto [ec, n] = co_await asio::async_write(stream, asio::buffer(chunk), kTuple);
        if (ec) break;
        stream.expires_never();
    }
    self->clients.erase(registered);
}

http::response<http::string_body> Emulator::PageServer::Impl::route(
    Impl* self, http::request<http::string_body>& req) {
    const std::string target(req.target());
    std::string path = target.substr(0, target.find('?'));
    if (!self->host_allowed(req[http::field::host]))
        return answer(req, 403, "text/plain", "this page answers on 127.0.0.1 only\n");
    if (req.method() == http::verb::get && (path == "/" || path.rfind("/ui/", 0) != 0)) {
        if (path == "/") path = "/index.html";
        if (auto file = embedded_page_file(path))
            return answer(req, 200, page_content_type(path), std::string(*file));
        return answer(req, 404, "text/plain", "not found\n");
    }
    // Only a script of this page can send JSON here: a form on another site cannot, and a
    // cross-site fetch with this content type needs a CORS preflight that is never granted.
    if (req.method() == http::verb::post &&
        !is_json_content_type(std::string_view(req[http::field::content_type]))) {
        return answer(req, 415, "text/plain", "send application/json\n");
    }
    State::PageResult result =
        self->state.handle_page(std::string(req.method_string()), target, req.body());
    if (!result.envelopes.empty()) self->deliver(std::move(result.envelopes));
    return answer(req, result.answer.status, result.answer.content_type,
                  std::move(result.answer.body));
}

asio::awaitable<void> Emulator::PageServer::Impl::page_session(Impl* self, tcp::socket socket) {
    beast::tcp_stream stream(std::move(socket));
    beast::flat_buffer buffer;
    for (;;) {
        http::request_parser<http::string_body> parser;
        parser.body_limit(1024 * 1024);
        stream.expires_after(60s);  // an idle keep-alive connection
        auto [read_ec, read_n] = co_await http::async_read(stream, buffer, parser, kTuple);
        if (read_ec) co_return;  // closed, timed out or garbage: nothing to answer
        http::request<http::string_body> req = parser.release();
        const std::string target(req.target());
        if (req.method() == http::verb::get && target.rfind("/ui/events", 0) == 0 &&
            self->host_allowed(req[http::field::host])) {
            // EventSource resumes after the last event it saw.
            long long after = 0;
            try {
                const std::string last(req["Last-Event-ID"]);
                if (!last.empty()) after = std::max(0LL, std::stoll(last));
            } catch (const std::exception&) {
                after = 0;  // an id we never sent: start over
            }
            co_await sse_session(self, std::move(stream), after);
            co_return;
        }
        http::response<http::string_body> res = route(self, req);
        stream.expires_after(10s);
        auto [write_ec, write_n] = co_await http::async_write(stream, res, kTuple);
        if (write_ec || !res.keep_alive()) co_return;
    }
}

asio::awaitable<void> Emulator::PageServer::Impl::accept_loop(Impl* self) {
    for (;;) {
        auto [ec, socket] = co_await self->acceptor.async_accept(kTuple);
        if (ec == asio::error::operation_aborted || !self->acceptor.is_open()) co_return;
        if (ec) continue;  // a client that reset before accept
        asio::co_spawn(self->io, page_session(self, std::move(socket)), asio::detached);
    }
}

Emulator::PageServer::PageServer(asio::io_context& io, State& state, const std::string& address,
                                 Deliver deliver)
    : impl_(std::make_unique<Impl>(io, state, std::move(deliver))) {
    const auto parsed = config::parse_host_port(address);
    if (!parsed)
        throw std::runtime_error("the page address must be HOST:PORT (got " + address + ")");
    boost::system::error_code ec;
    const auto ip =
        asio::ip::make_address(parsed->host == "localhost" ? "127.0.0.1" : parsed->host, ec);
    if (ec) throw std::runtime_error("the page address needs an IP address (got " + address + ")");
    const tcp::endpoint endpoint(ip, static_cast<unsigned short>(std::stoi(parsed->port)));
    impl_->acceptor.open(endpoint.protocol());
    impl_->acceptor.set_option(asio::socket_base::reuse_address(true));
    impl_->acceptor.bind(endpoint, ec);
    if (ec) {
        throw std::runtime_error("cannot listen on " + address + ": " + ec.message() +
                                 " (choose another with --listen HOST:PORT)");
    }
    impl_->acceptor.listen(asio::socket_base::max_listen_connections);
    impl_->loopback_only = ip.is_loopback();
    {
        std::lock_guard lock(state.mutex);
        state.page_port = impl_->acceptor.local_endpoint().port();
    }
    Impl* impl = impl_.get();
    state.on_timeline = [impl] { asio::post(impl->io, [impl] { impl->wake_all(); }); };
    asio::co_spawn(io, Impl::accept_loop(impl), asio::detached);
}

Emulator::PageServer::~PageServer() {
    std::lock_guard lock(impl_->state.mutex);
    impl_->state.on_timeline = nullptr;
}

}  // namespace ritualbot::emulator
