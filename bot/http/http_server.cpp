#include "bot/http/http_server.hpp"

#include "bot/runtime/log.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <stdexcept>

namespace ritualbot::bot::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

namespace {

constexpr std::chrono::seconds kIoTimeout{30};
constexpr int kMaxRequestsPerConnection = 1000;
constexpr std::size_t kMaxDrainBytes = 64 * 1024 * 1024;
// More clients than this at once are answered 503 at once, so a flood cannot use up the
// process's file descriptors (which the database and Slack connections need too).
constexpr std::size_t kMaxSessions = 64;
// After a failed accept (EMFILE: out of file descriptors), wait before the next one instead
// of spinning on an error that does not clear by itself.
constexpr std::chrono::milliseconds kAcceptPauseFirst{10};
constexpr std::chrono::milliseconds kAcceptPauseMax{1000};

Response plain(int status, std::string body) {
    return Response{status, "text/plain; charset=utf-8", std::move(body) + "\n"};
}

}  // namespace

std::string Request::header(const std::string& lower_name) const {
    const auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
}

std::string url_decode(const std::string& text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '+') {
            out += ' ';
        } else if (text[i] == '%' && i + 2 < text.size() && std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
                   std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
            out += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

struct Server::Impl {
    Impl(asio::any_io_executor ex, std::size_t limit)
        : executor(std::move(ex)), acceptor(executor), max_body_bytes(limit) {}

    // The handler for this method and path; nullptr with the answer (404, 405) when none.
    const DeferredHandler* find(const std::string& method, const std::string& path,
                                Response& refusal) const {
        const auto by_path = routes.find(path);
        if (by_path == routes.end()) {
            refusal = plain(404, "not found: " + path);
            return nullptr;
        }
        const auto handler = by_path->second.find(method);
        if (handler == by_path->second.end()) {
            std::string allowed;
            for (const auto& [name, h] : by_path->second)
                allowed += (allowed.empty() ? "" : ", ") + name;
            refusal = plain(405, method + " is not allowed here; use " + allowed);
            return nullptr;
        }
        return &handler->second;
    }

    asio::any_io_executor executor;
    tcp::acceptor acceptor;
    std::size_t max_body_bytes;
    // path -> method -> handler
    std::map<std::string, std::map<std::string, DeferredHandler>> routes;
    std::size_t sessions = 0;  // connections being served
    Guard guard;
    bool stopping = false;
};

namespace {

Request to_request(const bhttp::request<bhttp::string_body>& raw) {
    Request request;
    request.method = std::string(raw.method_string());
    const std::string target(raw.target());
    const auto question = target.find('?');
    request.path = target.substr(0, question);
    if (question != std::string::npos) {
        std::size_t start = question + 1;
        while (start <= target.size()) {
            std::size_t end = target.find('&', start);
            if (end == std::string::npos) end = target.size();
            const std::string pair = target.substr(start, end - start);
            const auto equals = pair.find('=');
            if (!pair.empty()) {
                request.query[url_decode(pair.substr(0, equals))] =
                    equals == std::string::npos ? std::string() : url_decode(pair.substr(equals + 1));
            }
            start = end + 1;
        }
    }
    for (const auto& field : raw) {
        std::string name(field.name_string());
        for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        request.headers[name] = std::string(field.value());
    }
    request.body = raw.body();
    return request;
}

// After refusing a body, read and drop what the client is still sending (bounded), so it gets
// to read our 413 instead of a connection reset.
asio::awaitable<void> drain_and_close(beast::tcp_stream& stream) {
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    std::array<char, 16384> sink;
    std::size_t drained = 0;
    stream.expires_after(std::chrono::seconds(5));
    while (drained < kMaxDrainBytes) {
        auto [ec, n] = co_await stream.async_read_some(asio::buffer(sink), kNoThrow);
        if (ec) break;
        drained += n;
    }
}

// Counts a connection being served for as long as it lives.
struct SessionSlot {
    explicit SessionSlot(Server::Impl& s) : server(s) { ++server.sessions; }
    ~SessionSlot() { --server.sessions; }
    SessionSlot(const SessionSlot&) = delete;
    SessionSlot& operator=(const SessionSlot&) = delete;
    Server::Impl& server;
};

asio::awaitable<void> refuse_busy(tcp::socket socket) {
    beast::tcp_stream stream(std::move(socket));
    bhttp::response<bhttp::string_body> out{bhttp::status::service_unavailable, 11};
    out.set(bhttp::field::server, "ritualbot");
    out.set(bhttp::field::content_type, "text/plain; charset=utf-8");
    out.body() = "too many connections at once; try again in a moment\n";
    out.keep_alive(false);
    out.prepare_payload();
    stream.expires_after(std::chrono::seconds(5));
    co_await bhttp::async_write(stream, out, kNoThrow);
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

// The route's answer, however late it comes (bounded by kDeferredAnswerTimeout).
asio::awaitable<Response> answer(Server::Impl& server, const DeferredHandler& handler,
                                 const bhttp::request<bhttp::string_body>& raw) {
    struct Pending {
        explicit Pending(const asio::any_io_executor& ex) : answered(ex) {}
        std::optional<Response> response;
        asio::steady_timer answered;  // cancelled when the response came
    };
    const auto pending = std::make_shared<Pending>(server.executor);
    try {
        const Request request = to_request(raw);
        std::optional<Response> refused = server.guard ? server.guard(request) : std::nullopt;
        if (refused) co_return *std::move(refused);
        handler(request, [pending](Response response) {
            if (pending->response) return;  // answered already (or timed out)
            pending->response = std::move(response);
            pending->answered.cancel();
        });
    } catch (const std::exception& e) {
        log::error("http.handler_failed", {{"path", std::string(raw.target())}, {"error", e.what()}});
        co_return plain(500, "internal error; nothing was changed");
    }
    pending->answered.expires_after(Server::kDeferredAnswerTimeout);
    while (!pending->response) {
        auto [ec] = co_await pending->answered.async_wait(kNoThrow);
        if (!ec && !pending->response) {
            log::error("http.answer_timeout", {{"path", std::string(raw.target())}});
            pending->response = plain(504, "no answer in time; the work may still complete");
        }
    }
    co_return *std::move(pending->response);
}

asio::awaitable<void> serve_session(std::shared_ptr<Server::Impl> server, tcp::socket socket) {
    const SessionSlot slot(*server);
    beast::tcp_stream stream(std::move(socket));
    beast::flat_buffer buffer;
    for (int served = 0; served < kMaxRequestsPerConnection && !server->stopping; ++served) {
        bhttp::request_parser<bhttp::string_body> parser;
        parser.body_limit(server->max_body_bytes);
        stream.expires_after(kIoTimeout);
        // The header first: a request for no route, or with a declared body over the limit,
        // is answered without buffering its body.
        auto [header_ec, header_bytes] =
            co_await bhttp::async_read_header(stream, buffer, parser, kNoThrow);
        Response response;
        bool keep_alive = false;
        bool refused_body = header_ec == bhttp::error::body_limit;
        const DeferredHandler* handler = nullptr;
        if (!header_ec) {
            const std::string target(parser.get().target());
            handler = server->find(std::string(parser.get().method_string()),
                                   target.substr(0, target.find('?')), response);
            refused_body = handler == nullptr && !parser.is_done();
        }
        if (!header_ec && handler != nullptr) {
            auto [read_ec, bytes] = co_await bhttp::async_read(stream, buffer, parser, kNoThrow);
            header_ec = read_ec;
            refused_body = read_ec == bhttp::error::body_limit;
        }
        if (header_ec == bhttp::error::body_limit) {
            response = plain(413, "body larger than " + std::to_string(server->max_body_bytes) +
                                      " bytes; split the batch");
        } else if (header_ec) {
            co_return;  // closed, timed out or garbage: nothing useful to answer
        } else if (handler != nullptr) {
            const auto& raw = parser.get();
            keep_alive = raw.keep_alive();
            response = co_await answer(*server, *handler, raw);
        } else {
            keep_alive = !refused_body && parser.get().keep_alive();
        }
        bhttp::response<bhttp::string_body> out{static_cast<bhttp::status>(response.status), 11};
        out.set(bhttp::field::server, "ritualbot");
        out.set(bhttp::field::content_type, response.content_type);
        out.body() = std::move(response.body);
        out.keep_alive(keep_alive);
        out.prepare_payload();
        stream.expires_after(kIoTimeout);
        auto [write_ec, written] = co_await bhttp::async_write(stream, out, kNoThrow);
        if (refused_body && !write_ec) {
            co_await drain_and_close(stream);
            co_return;
        }
        if (write_ec || !keep_alive) break;
    }
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

}  // namespace

Server::Server(asio::any_io_executor executor, std::size_t max_body_bytes)
    : impl_(std::make_shared<Impl>(std::move(executor), max_body_bytes)) {}

Server::~Server() { stop(); }

void Server::route(const std::string& method, const std::string& path, Handler handler) {
    route_deferred(method, path,
                   [handler = std::move(handler)](const Request& request, Respond respond) {
                       respond(handler(request));
                   });
}

void Server::route_deferred(const std::string& method, const std::string& path,
                            DeferredHandler handler) {
    impl_->routes[path][method] = std::move(handler);
}

void Server::guard(Guard guard) { impl_->guard = std::move(guard); }

unsigned short Server::listen(const std::string& host, const std::string& port) {
    beast::error_code ec;
    const auto address = asio::ip::make_address(host, ec);
    if (ec) throw std::runtime_error("RITUALBOT_HTTP_ADDR: " + host + " is not an IP address");
    const tcp::endpoint endpoint(address, static_cast<unsigned short>(std::stoi(port)));
    auto& acceptor = impl_->acceptor;
    acceptor.open(endpoint.protocol(), ec);
    if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor.bind(endpoint, ec);
    if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
        throw std::runtime_error("cannot listen on " + host + ":" + port + " (RITUALBOT_HTTP_ADDR): " +
                                 ec.message());
    }
    return acceptor.local_endpoint().port();
}

asio::awaitable<void> Server::run() {
    std::shared_ptr<Impl> self = impl_;
    asio::steady_timer pause_timer(self->executor);
    std::chrono::milliseconds pause{0};
    while (!self->stopping) {
        auto [ec, socket] = co_await self->acceptor.async_accept(kNoThrow);
        if (ec) {
            if (self->stopping || ec == asio::error::operation_aborted) break;
            if (pause.count() == 0) {  // once per run of failures, not once per retry
                log::warn("http.accept_failed",
                          {{"error", ec.message()}, {"next", "pausing before the next accept"}});
            }
            pause = pause.count() == 0 ? kAcceptPauseFirst : std::min(pause * 2, kAcceptPauseMax);
            pause_timer.expires_after(pause);
            co_await pause_timer.async_wait(kNoThrow);
            continue;
        }
        pause = std::chrono::milliseconds(0);
        if (self->sessions >= kMaxSessions) {
            asio::co_spawn(self->executor, refuse_busy(std::move(socket)), asio::detached);
            continue;
        }
        asio::co_spawn(self->executor, serve_session(self, std::move(socket)), asio::detached);
    }
}

void Server::stop() {
    impl_->stopping = true;
    beast::error_code ignored;
    impl_->acceptor.close(ignored);
}

}  // namespace ritualbot::bot::http
