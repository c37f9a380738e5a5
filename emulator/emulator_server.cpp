// The networking half of Emulator: one TLS listener, HTTP sessions and Socket Mode
// websockets as coroutines on a private io_context. Everything Slack-specific is decided in
// Emulator::State (emulator_state.cpp and friends); this file only moves bytes. The sandbox
// page's plain-HTTP listener (page_server.cpp) shares the io_context and its thread.

#include "emulator/emulator.hpp"

#include "emulator/certificates.hpp"
#include "emulator/emulator_state.hpp"
#include "emulator/page_server.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <filesystem>
#include <iterator>
#include <random>
#include <stdexcept>
#include <thread>

namespace ritualbot::emulator {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;

using TlsStream = beast::ssl_stream<beast::tcp_stream>;
using WsStream = websocket::stream<TlsStream>;
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

struct WsConn {
    enum class Kind { text, ping, close };
    explicit WsConn(TlsStream&& stream) : ws(std::move(stream)) {}
    WsStream ws;
    int index = -1;
    std::deque<std::pair<Kind, std::string>> queue;
    bool writing = false;  // a writer coroutine owns the stream's write side
    bool alive = true;
};

std::string make_temp_dir_for_certs() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "ritualbot-slack-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr)
        throw std::runtime_error("Emulator: mkdtemp(" + pattern + "): " + std::strerror(errno));
    return pattern;
}

}  // namespace

class Emulator::Server {
public:
    Server(State& state, const CertificateSet& server_cert, std::chrono::milliseconds ping_interval,
           bool spread_envelopes)
        : state_(state), ping_interval_(ping_interval), spread_envelopes_(spread_envelopes) {
        ssl_ctx_.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                             ssl::context::no_sslv3);
        ssl_ctx_.use_certificate_chain_file(server_cert.cert_file);
        ssl_ctx_.use_private_key_file(server_cert.key_file, ssl::context::pem);

        ioc_.emplace(1);
        acceptor_.emplace(*ioc_);
        const tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), 0);
        acceptor_->open(endpoint.protocol());
        acceptor_->bind(endpoint);
        acceptor_->listen(asio::socket_base::max_listen_connections);
        state_.set_port(acceptor_->local_endpoint().port());
    }

    ~Server() {
        // Destroying the io_context destroys the abandoned coroutines' frames, which closes
        // every socket (clients see a FIN, which is what a vanished Slack looks like). The I/O
        // objects held here must go before the io_context.
        stop();
        conns_.clear();
        acceptor_.reset();
        ioc_.reset();
    }

    // Abandons every coroutine mid-operation and joins the thread; idempotent.
    void stop() {
        ioc_->stop();
        if (thread_.joinable()) thread_.join();
    }

    asio::io_context& io() { return *ioc_; }

    void start() {
        asio::co_spawn(*ioc_, accept_loop(this), asio::detached);
        if (ping_interval_.count() > 0) asio::co_spawn(*ioc_, ping_loop(this), asio::detached);
        thread_ = std::thread([this] { ioc_->run(); });
    }

    // --- called from the test thread: each posts to the server thread ---------------------
    void deliver(std::vector<std::pair<std::string, std::string>> envelopes, int connection) {
        asio::post(*ioc_, [this, envelopes = std::move(envelopes), connection]() mutable {
            for (auto& [id, text] : envelopes) {
                auto conn = connection < 0 && spread_envelopes_ ? any_open() : find(connection);
                if (!conn) return;  // stays pending until redeliver_unacked()
                state_.mark_delivered(id, conn->index);
                enqueue(conn, WsConn::Kind::text, std::move(text));
            }
        });
    }

    void send_text(std::string text, int connection) {
        asio::post(*ioc_, [this, text = std::move(text), connection]() mutable {
            if (auto conn = find(connection)) enqueue(conn, WsConn::Kind::text, std::move(text));
        });
    }

    void close(int connection) {
        asio::post(*ioc_, [this, connection] {
            if (auto conn = find(connection)) enqueue(conn, WsConn::Kind::close, {});
        });
    }

    void drop(int connection) {
        asio::post(*ioc_, [this, connection] {
            auto conn = find(connection);
            if (!conn) return;
            // No close frame, no TLS close_notify: the pending read and write fail with
            // operation_aborted and the session coroutine unwinds.
            boost::system::error_code ignored;
            beast::get_lowest_layer(conn->ws).socket().close(ignored);
            forget(conn);
        });
    }

private:
    std::shared_ptr<WsConn> find(int connection) {
        if (conns_.empty()) return nullptr;
        if (connection < 0) return conns_.rbegin()->second;
        auto it = conns_.find(connection);
        return it == conns_.end() ? nullptr : it->second;
    }

    // One open websocket picked at random, as Slack picks among an app's connections.
    std::shared_ptr<WsConn> any_open() {
        if (conns_.empty()) return nullptr;
        std::uniform_int_distribution<std::size_t> pick(0, conns_.size() - 1);
        return std::next(conns_.begin(), static_cast<std::ptrdiff_t>(pick(random_)))->second;
    }

    void forget(const std::shared_ptr<WsConn>& conn) {
        conn->alive = false;
        conn->queue.clear();
        conns_.erase(conn->index);
        state_.on_close(conn->index);
    }

    void enqueue(const std::shared_ptr<WsConn>& conn, WsConn::Kind kind, std::string data) {
        if (!conn->alive) return;
        conn->queue.emplace_back(kind, std::move(data));
        if (!conn->writing) {
            conn->writing = true;
            asio::co_spawn(*ioc_, write_loop(conn), asio::detached);
        }
    }

    static asio::awaitable<void> accept_loop(Server* self) {
        for (;;) {
            auto [ec, socket] = co_await self->acceptor_->async_accept(kTuple);
            if (ec == asio::error::operation_aborted || !self->acceptor_->is_open()) co_return;
            if (ec) continue;  // e.g. a client that reset before accept
            asio::co_spawn(*self->ioc_, http_session(self, std::move(socket)), asio::detached);
        }
    }

    static asio::awaitable<void> ping_loop(Server* self) {
        asio::steady_timer timer(*self->ioc_);
        for (;;) {
            timer.expires_after(self->ping_interval_);
            auto [ec] = co_await timer.async_wait(kTuple);
            if (ec) co_return;
            for (auto& [index, conn] : self->conns_) self->enqueue(conn, WsConn::Kind::ping, {});
        }
    }

    static asio::awaitable<void> http_session(Server* self, tcp::socket socket) {
        TlsStream stream(std::move(socket), self->ssl_ctx_);
        beast::get_lowest_layer(stream).expires_after(10s);
        // A failed handshake is expected in the bad-certificate tests (the client aborts).
        if (auto [ec] = co_await stream.async_handshake(ssl::stream_base::server, kTuple); ec)
            co_return;
        self->state_.count_tls_session();

        beast::flat_buffer buffer;
        for (;;) {
            http::request_parser<http::string_body> parser;
            parser.body_limit(8 * 1024 * 1024);
            beast::get_lowest_layer(stream).expires_after(120s);  // idle keep-alive connection
            auto [read_ec, read_n] = co_await http::async_read(stream, buffer, parser, kTuple);
            if (read_ec == http::error::end_of_stream) break;
            // eof without close_notify (stream_truncated), timeout, reset: just drop it.
            if (read_ec) co_return;
            http::request<http::string_body> req = parser.release();

            if (websocket::is_upgrade(req)) {
                if (!self->state_.consume_ticket(std::string(req.target()))) {
                    http::response<http::string_body> res{http::status::unauthorized,
                                                          req.version()};
                    res.set(http::field::server, "fake-slack");
                    res.set(http::field::content_type, "text/plain");
                    res.body() = "invalid or already used ticket\n";
                    res.keep_alive(false);
                    res.prepare_payload();
                    beast::get_lowest_layer(stream).expires_after(10s);
                    auto [write_ec, write_n] = co_await http::async_write(stream, res, kTuple);
                    if (write_ec) co_return;
                    break;
                }
                beast::get_lowest_layer(stream).expires_never();  // the websocket has its own
                co_await websocket_session(self, std::move(stream), std::move(req));
                co_return;
            }

            State::HttpReply reply = self->state_.handle_http(
                {std::string(req.method_string()), std::string(req.target()),
                 std::string(req[http::field::authorization]),
                 std::string(req[http::field::content_type]), std::move(req.body())});
            if (reply.delay.count() > 0) {
                asio::steady_timer slow(stream.get_executor());
                slow.expires_after(reply.delay);
                co_await slow.async_wait(kTuple);
            }
            http::response<http::string_body> res{static_cast<http::status>(reply.status),
                                                  req.version()};
            res.set(http::field::server, "fake-slack");
            res.set(http::field::content_type, "application/json; charset=utf-8");
            for (const auto& [name, value] : reply.headers) res.set(name, value);
            res.body() = std::move(reply.body);
            res.keep_alive(req.keep_alive());
            res.prepare_payload();
            beast::get_lowest_layer(stream).expires_after(10s);
            auto [write_ec, write_n] = co_await http::async_write(stream, res, kTuple);
            if (write_ec) co_return;
            if (!res.keep_alive()) break;
        }
        beast::get_lowest_layer(stream).expires_after(2s);
        // Clients often close without a close_notify reply: stream_truncated is fine here.
        co_await stream.async_shutdown(kTuple);
    }

    static asio::awaitable<void> websocket_session(Server* self, TlsStream stream,
                                                   http::request<http::string_body> req) {
        auto conn = std::make_shared<WsConn>(std::move(stream));
        websocket::stream_base::timeout timeouts{};
        timeouts.handshake_timeout = 10s;
        timeouts.idle_timeout = websocket::stream_base::none();  // our ping_loop does liveness
        timeouts.keep_alive_pings = false;
        conn->ws.set_option(timeouts);
        conn->ws.auto_fragment(false);
        conn->ws.read_message_max(1024 * 1024);
        conn->ws.set_option(websocket::stream_base::decorator(
            [](websocket::response_type& res) { res.set(http::field::server, "fake-applink"); }));
        State* state = &self->state_;
        conn->ws.control_callback([state](websocket::frame_type kind, beast::string_view) {
            if (kind == websocket::frame_type::ping)
                state->on_ping();
            else if (kind == websocket::frame_type::pong)
                state->on_pong();
        });
        if (auto [ec] = co_await conn->ws.async_accept(req, kTuple); ec) co_return;

        std::string hello;
        conn->index = self->state_.on_open(&hello);
        self->conns_[conn->index] = conn;
        self->enqueue(conn, WsConn::Kind::text, std::move(hello));

        // Always keep a read pending: Beast only answers pings and close frames while reading.
        beast::flat_buffer buffer;
        for (;;) {
            auto [ec, n] = co_await conn->ws.async_read(buffer, kTuple);
            if (ec) break;  // closed by either side, dropped, or reset
            if (conn->ws.got_text())
                self->state_.on_frame(conn->index, beast::buffers_to_string(buffer.data()));
            buffer.consume(buffer.size());
        }
        if (conn->alive) self->forget(conn);
    }

    static asio::awaitable<void> write_loop(std::shared_ptr<WsConn> conn) {
        while (conn->alive && !conn->queue.empty()) {
            auto [kind, data] = std::move(conn->queue.front());
            conn->queue.pop_front();
            boost::system::error_code ec;
            if (kind == WsConn::Kind::text) {
                conn->ws.text(true);
                auto [write_ec, n] = co_await conn->ws.async_write(asio::buffer(data), kTuple);
                ec = write_ec;
            } else if (kind == WsConn::Kind::ping) {
                auto [ping_ec] = co_await conn->ws.async_ping(websocket::ping_data{}, kTuple);
                ec = ping_ec;
            } else {
                auto [close_ec] =
                    co_await conn->ws.async_close(websocket::close_code::normal, kTuple);
                ec = close_ec;
            }
            if (ec) break;  // the reader sees the failure too and forgets the connection
        }
        conn->writing = false;
    }

    State& state_;
    std::chrono::milliseconds ping_interval_;
    bool spread_envelopes_;
    std::mt19937 random_{std::random_device{}()};  // server thread only
    ssl::context ssl_ctx_{ssl::context::tls_server};
    std::optional<asio::io_context> ioc_;
    std::optional<tcp::acceptor> acceptor_;
    std::map<int, std::shared_ptr<WsConn>> conns_;  // open websockets; server thread only
    std::thread thread_;
};

Emulator::Emulator(EmulatorOptions options) : state_(std::make_unique<State>()) {
    state_->workspace = std::move(options.workspace);
    state_->clock = std::move(options.clock);
    state_->enforce_rate_limits = options.enforce_rate_limits;
    state_->temp_dir = make_temp_dir_for_certs();
    try {
        CertificateOptions trusted;
        trusted.file_prefix = "trusted-";
        if (options.cert == EmulatorOptions::Cert::wrong_host)
            trusted.subject_alt_names = {"DNS:wrong.example"};
        const CertificateSet trusted_set = make_certificates(state_->temp_dir, trusted);
        state_->ca_file = trusted_set.ca_file;
        CertificateSet served = trusted_set;
        if (options.cert == EmulatorOptions::Cert::other_ca) {
            CertificateOptions other;
            other.ca_name = "unrelated test CA";
            other.file_prefix = "other-";
            served = make_certificates(state_->temp_dir, other);
        }
        server_ = std::make_unique<Server>(*state_, served, options.ping_interval,
                                           options.spread_envelopes);
        if (!options.page_address.empty()) {
            Server* server = server_.get();
            page_ = std::make_unique<PageServer>(server_->io(), *state_, options.page_address,
                                                 [server](State::Envelopes envelopes) {
                                                     server->deliver(std::move(envelopes), -1);
                                                 });
        }
        server_->start();
    } catch (...) {
        page_.reset();
        server_.reset();
        std::error_code ignored;
        std::filesystem::remove_all(state_->temp_dir, ignored);
        throw;
    }
}

Emulator::~Emulator() {
    server_->stop();
    page_.reset();
    server_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(state_->temp_dir, ignored);
}

std::string Emulator::push_envelope(nlohmann::json envelope, int connection) {
    auto [id, text] = state_->record_push(std::move(envelope));
    server_->deliver({{id, std::move(text)}}, connection);
    return id;
}

std::size_t Emulator::redeliver_unacked(int connection) {
    auto envelopes = state_->prepare_redelivery();
    const std::size_t n = envelopes.size();
    server_->deliver(std::move(envelopes), connection);
    return n;
}

void Emulator::send_disconnect(const std::string& reason, int connection) {
    server_->send_text(
        nlohmann::json{
            {"type", "disconnect"}, {"reason", reason}, {"debug_info", {{"host", "fake-applink"}}}}
            .dump(),
        connection);
}

void Emulator::send_raw_frame(std::string text, int connection) {
    server_->send_text(std::move(text), connection);
}

PageAnswer Emulator::page_request(const std::string& verb, const std::string& target,
                                  const std::string& body) {
    State::PageResult result = state_->handle_page(verb, target, body);
    if (!result.envelopes.empty()) server_->deliver(std::move(result.envelopes), -1);
    return std::move(result.answer);
}

void Emulator::drop_connection(int connection) {
    server_->drop(connection);
}
void Emulator::close_connection(int connection) {
    server_->close(connection);
}

}  // namespace ritualbot::emulator
