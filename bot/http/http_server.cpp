#include "bot/http/http_server.hpp"

#include "bot/runtime/log.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

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

    Response dispatch(const Request& request) const {
        const auto by_path = routes.find(request.path);
        if (by_path == routes.end()) return plain(404, "not found: " + request.path);
        const auto handler = by_path->second.find(request.method);
        if (handler == by_path->second.end()) {
            std::string allowed;
            for (const auto& [method, h] : by_path->second) allowed += (allowed.empty() ? "" : ", ") + method;
            return plain(405, request.method + " is not allowed here; use " + allowed);
        }
        return handler->second(request);
    }

    asio::any_io_executor executor;
    tcp::acceptor acceptor;
    std::size_t max_body_bytes;
    std::map<std::string, std::map<std::string, Handler>> routes;  // path -> method -> handler
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

asio::awaitable<void> serve_session(std::shared_ptr<Server::Impl> server, tcp::socket socket) {
    beast::tcp_stream stream(std::move(socket));
    beast::flat_buffer buffer;
    for (int served = 0; served < kMaxRequestsPerConnection && !server->stopping; ++served) {
        bhttp::request_parser<bhttp::string_body> parser;
        parser.body_limit(server->max_body_bytes);
        stream.expires_after(kIoTimeout);
        auto [read_ec, bytes] = co_await bhttp::async_read(stream, buffer, parser, kNoThrow);
        Response response;
        bool keep_alive = false;
        const bool refused_body = read_ec == bhttp::error::body_limit;
        if (refused_body) {
            response = plain(413, "body larger than " + std::to_string(server->max_body_bytes) +
                                      " bytes; split the batch");
        } else if (read_ec) {
            co_return;  // closed, timed out or garbage: nothing useful to answer
        } else {
            const auto& raw = parser.get();
            keep_alive = raw.keep_alive();
            try {
                response = server->dispatch(to_request(raw));
            } catch (const std::exception& e) {
                log::error("http.handler_failed", {{"path", std::string(raw.target())}, {"error", e.what()}});
                response = plain(500, "internal error; nothing was changed");
            }
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
    impl_->routes[path][method] = std::move(handler);
}

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
    while (!self->stopping) {
        auto [ec, socket] = co_await self->acceptor.async_accept(kNoThrow);
        if (ec) {
            if (self->stopping || ec == asio::error::operation_aborted) break;
            log::warn("http.accept_failed", {{"error", ec.message()}});
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
