// Lean Socket Mode load generator (issue 18). The emulator (emulator/) is a whole fake Slack
// and tops out near 15–17k empty acks/s, too slow to see what the bot costs. This is the least
// Slack a Socket Mode client needs, on one thread: a TLS listener on 127.0.0.1 that answers
// the Web API (`apps.connections.open` with the websocket URL, `auth.test`, a cheap
// `{"ok":true}` for every other method) and accepts the websocket. Every envelope is encoded
// as a finished websocket frame before the run; frames are written in batches, keeping a fixed
// number unacked; an ack is counted by finding its `envelope_id` in the first bytes of the
// unmasked frame, never by parsing it.
//
// The client under test is a child process: `ritualbot run`, the bare acking client
// (bare_ack_client.cpp) or a Bolt JS app (bench/bolt/), given SLACK_APP_TOKEN,
// SLACK_BOT_TOKEN, SLACK_API_URL, RITUALBOT_CA_FILE and NODE_EXTRA_CA_CERTS.
// With --instances N it is N such processes sharing one database (--db, given to each as
// RITUALBOT_DB; default a SQLite file in the scratch directory), each on its own
// RITUALBOT_HTTP_ADDR (127.0.0.1:0, a port of its own). The run starts once --links websockets
// are open (default 1; a link beyond that is closed unused, as before) and every envelope goes
// to one of them picked at random, as Slack spreads envelopes over an app's connections.
//
// Usage: ritualbot_lean_bench [--label L] [--window N] [--envelopes N] [--warmup N]
//            [--command /captain] [--text who] [--vote VOTERS] [--rss-breakdown]
//            [--instances N] [--links N] [--db LOCATION]
//            [--setup "/captain add <@U1> …"]… -- PROGRAM [ARG…]
// The setup commands go first, one at a time, as the same user (an admin, through
// RITUALBOT_ADMINS) in the same channel; then the warm-up, then the measured run. With --vote,
// the warm-up and measured envelopes are ballot clicks (block_actions) instead of the slash
// command: VOTERS people in turn, on suggestions 1, 2 and 3 of round 1, each click adding a
// vote or taking it back. Prints one line:
//   label window envelopes acks_per_s p50_ms p99_ms max_ms client_cpu_ms_per_1k
//   generator_cpu_ms_per_1k ack_bytes rss_idle_kib rss_peak_kib
// client CPU is utime+stime of the child (/proc/PID/stat, all threads) over the measured run,
// summed over the instances, as are the RSS figures;
// ack_bytes is the mean websocket payload of a measured ack. --rss-breakdown adds a second
// line, where the client's idle RSS lies (KiB, /proc/PID/smaps; see rss_breakdown_kib):
//   rss anonymous=… binary=… libc=… libcrypto=… …

#include "child_process.hpp"
#include "emulator/certificates.hpp"
#include "emulator/emulator.hpp"

#include <openssl/evp.h>
#include <openssl/sha.h>
#include <sys/resource.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace ritualbot::bench {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using TlsStream = ssl::stream<tcp::socket>;
using namespace std::chrono_literals;

constexpr std::string_view kChannel = "C0BENCH";
constexpr std::string_view kUser = "U0BENCH1";
constexpr std::string_view kIdKey = "\"envelope_id\":\"";
// An ack's id is searched for in this many unmasked bytes first (the writers put it first).
constexpr std::size_t kIdWindow = 96;

struct Options {
    std::string label = "client";
    int window = 100;
    int envelopes = 10000;
    int warmup = 500;
    std::string command = "/ritual";
    std::string text = "help";
    int voters = 0;  // > 0: ballot clicks instead of the slash command
    bool rss_breakdown = false;
    int instances = 1;  // client processes, all on one database
    int links = 1;      // websockets the run is spread over
    std::string db;     // RITUALBOT_DB of every instance; empty: a SQLite file of the run's
    std::vector<std::string> setup;  // "/command text"
    std::vector<std::string> program;
};

struct Slash {
    std::string command;
    std::string text;
};

Slash split_slash(const std::string& line) {
    const std::size_t space = line.find(' ');
    if (space == std::string::npos) return {line, ""};
    return {line.substr(0, space), line.substr(space + 1)};
}

double ms(Clock::duration d) {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(d).count() / 1e6;
}

double own_cpu_ms() {
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    const auto to_ms = [](const timeval& t) { return t.tv_sec * 1e3 + t.tv_usec / 1e3; };
    return to_ms(usage.ru_utime) + to_ms(usage.ru_stime);
}

// A server-to-client websocket frame: final, text, unmasked (RFC 6455 §5.2).
std::string text_frame(std::string_view payload) {
    std::string frame(1, static_cast<char>(0x81));
    const std::uint64_t size = payload.size();
    if (size < 126) {
        frame.push_back(static_cast<char>(size));
    } else if (size < 65536) {
        frame.push_back(static_cast<char>(126));
        for (int shift = 8; shift >= 0; shift -= 8)
            frame.push_back(static_cast<char>(size >> shift));
    } else {
        frame.push_back(static_cast<char>(127));
        for (int shift = 56; shift >= 0; shift -= 8)
            frame.push_back(static_cast<char>(size >> shift));
    }
    frame.append(payload);
    return frame;
}

std::string control_frame(std::uint8_t opcode, std::string_view payload) {
    std::string frame = text_frame(payload);
    frame[0] = static_cast<char>(0x80 | opcode);
    return frame;
}

// Envelope ids are "e" and the envelope's index, so an ack finds its send time by number.
std::string envelope_id(std::size_t index) {
    char id[24];
    std::snprintf(id, sizeof id, "e%09zu", index);
    return id;
}

std::string slash_envelope(std::size_t index, const Slash& slash, const std::string& base) {
    const std::string id = envelope_id(index);
    const nlohmann::json envelope = {{"envelope_id", id},
                                     {"type", "slash_commands"},
                                     {"accepts_response_payload", true},
                                     {"payload",
                                      {{"token", "bench-verification-token"},
                                       {"team_id", "T0BENCH"},
                                       {"team_domain", "benchcrew"},
                                       {"channel_id", kChannel},
                                       {"channel_name", "crew"},
                                       {"user_id", kUser},
                                       {"user_name", "alice"},
                                       {"command", slash.command},
                                       {"text", slash.text},
                                       {"api_app_id", "A0BENCH"},
                                       {"is_enterprise_install", "false"},
                                       {"response_url", base + "/response/" + id},
                                       {"trigger_id", "1000." + id}}}};
    return text_frame(envelope.dump());
}

// Click `index` on round 1's ballot: voter index % voters, on suggestion 1, 2 or 3 in turn, so
// a voter's second click on a suggestion takes the first one's vote back. Shaped as Slack's
// block_actions on a message button, its response_url on this generator (which answers it as it
// answers any API call), as the emulator does.
std::string vote_envelope(std::size_t index, int voters, const std::string& base) {
    const std::string id = envelope_id(index);
    const std::size_t people = static_cast<std::size_t>(voters);
    const std::string user = "U0VOTER" + std::to_string(index % people);
    const std::string value = "1:" + std::to_string(1 + index / people % 3);
    const nlohmann::json envelope = {
        {"envelope_id", id},
        {"type", "interactive"},
        {"accepts_response_payload", false},
        {"payload",
         {{"type", "block_actions"},
          {"user",
           {{"id", user}, {"username", "voter"}, {"name", "voter"}, {"team_id", "T0BENCH"}}},
          {"api_app_id", "A0BENCH"},
          {"token", "bench-verification-token"},
          {"container",
           {{"type", "message"},
            {"message_ts", "1700000000.000100"},
            {"channel_id", kChannel},
            {"is_ephemeral", false}}},
          {"trigger_id", "1000." + id},
          {"team", {{"id", "T0BENCH"}, {"domain", "benchcrew"}}},
          {"channel", {{"id", kChannel}, {"name", "crew"}}},
          {"response_url", base + "/actions/" + id},
          {"actions",
           {{{"action_id", "suggest_vote"},
             {"block_id", "suggestion-" + value.substr(2)},
             {"text", {{"type", "plain_text"}, {"text", "Vote"}, {"emoji", true}}},
             {"value", value},
             {"type", "button"},
             {"action_ts", "1700000001." + id.substr(1)}}}}}}};
    return text_frame(envelope.dump());
}

// Sec-WebSocket-Accept for a client's key (RFC 6455 §4.2.2).
std::string accept_key(std::string_view key) {
    const std::string joined = std::string(key) + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    unsigned char digest[SHA_DIGEST_LENGTH];
    SHA1(reinterpret_cast<const unsigned char*>(joined.data()), joined.size(), digest);
    unsigned char encoded[4 * ((SHA_DIGEST_LENGTH + 2) / 3) + 1];
    const int length = EVP_EncodeBlock(encoded, digest, SHA_DIGEST_LENGTH);
    return std::string(reinterpret_cast<const char*>(encoded), static_cast<std::size_t>(length));
}

struct Phase {
    std::size_t first = 0;  // index of its first envelope
    std::vector<std::string> frames;
    int window = 1;
    bool measured = false;
};

// One websocket of a client: its bytes in and out, one write in flight at a time.
struct Link {
    std::shared_ptr<TlsStream> stream;
    std::string inbox, outbox, writing_bytes;
    bool writing = false;
};

struct Result {
    std::vector<Clock::duration> latencies;
    Clock::time_point began, ended;
    double client_cpu_ms = 0, generator_cpu_ms = 0;
    std::uint64_t ack_bytes = 0;
    long rss_idle_kib = 0, rss_peak_kib = 0;
    std::map<std::string, long> rss_parts_kib;  // with --rss-breakdown
};

class Generator {
public:
    Generator(asio::io_context& io, ssl::context& tls, Options options)
        : io_(io),
          tls_(tls),
          options_(std::move(options)),
          acceptor_(io, {asio::ip::make_address("127.0.0.1"), 0}) {}

    std::string base_url() const {
        return "https://127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port());
    }

    void start(std::vector<pid_t> clients) {
        clients_ = std::move(clients);
        encode();
        asio::co_spawn(io_, accept_loop(), asio::detached);
        asio::co_spawn(io_, watch(), asio::detached);
    }

    int status() const { return status_; }
    const Result& result() const { return result_; }
    const std::map<std::string, int>& api_calls() const { return api_calls_; }

private:
    void encode() {
        std::size_t index = 0;
        const auto phase = [&](const Slash& slash, int count, int window, bool measured,
                               int voters) {
            Phase p{index, {}, window, measured};
            for (int i = 0; i < count; ++i, ++index) {
                p.frames.push_back(voters > 0 ? vote_envelope(index, voters, base_url())
                                              : slash_envelope(index, slash, base_url()));
            }
            phases_.push_back(std::move(p));
        };
        for (const std::string& line : options_.setup) phase(split_slash(line), 1, 1, false, 0);
        const Slash measured{options_.command, options_.text};
        phase(measured, options_.warmup, options_.window, false, options_.voters);
        phase(measured, options_.envelopes, options_.window, true, options_.voters);
        sent_at_.resize(index);
        acked_.assign(index, false);
        result_.latencies.reserve(static_cast<std::size_t>(options_.envelopes));
    }

    void fail(const std::string& why) {
        if (finished_) return;
        std::fprintf(stderr, "lean bench: %s\n", why.c_str());
        status_ = 1;
        finished_ = true;
        io_.stop();
    }

    asio::awaitable<void> accept_loop() {
        for (;;) {
            auto [ec, socket] =
                co_await acceptor_.async_accept(asio::as_tuple(asio::use_awaitable));
            if (ec) co_return;
            socket.set_option(tcp::no_delay(true));
            asio::co_spawn(io_, serve(std::make_shared<TlsStream>(std::move(socket), tls_)),
                           asio::detached);
        }
    }

    // Web API requests on a keep-alive connection, until one asks for the websocket.
    asio::awaitable<void> serve(std::shared_ptr<TlsStream> stream) {
        const auto [handshake_error] = co_await stream->async_handshake(
            ssl::stream_base::server, asio::as_tuple(asio::use_awaitable));
        if (handshake_error) co_return;
        beast::flat_buffer buffer;
        for (;;) {
            http::request<http::string_body> request;
            const auto [ec, n] = co_await http::async_read(*stream, buffer, request,
                                                           asio::as_tuple(asio::use_awaitable));
            if (ec) co_return;
            if (beast::websocket::is_upgrade(request)) {
                co_await open_socket(stream, request, buffer);
                co_return;
            }
            http::response<http::string_body> response{http::status::ok, request.version()};
            response.set(http::field::content_type, "application/json; charset=utf-8");
            response.body() = api_answer(request.target(), request.body());
            response.keep_alive(request.keep_alive());
            response.prepare_payload();
            const auto [write_error, written] =
                co_await http::async_write(*stream, response, asio::as_tuple(asio::use_awaitable));
            if (write_error || !request.keep_alive()) co_return;
        }
    }

    std::string api_answer(std::string_view target, std::string_view body) {
        std::string_view method = target.substr(0, target.find('?'));
        method =
            method.starts_with("/actions/") ? "response_url" : method.substr(method.rfind('/') + 1);
        ++api_calls_[std::string(method)];
        if (method == "apps.connections.open") {
            const std::string url =
                "wss://127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port()) + "/link";
            return nlohmann::json{{"ok", true}, {"url", url}}.dump();
        }
        if (method == "auth.test") {
            return R"({"ok":true,"url":"https://benchcrew.example/","team":"bench","user":"ritualbot",)"
                   R"("team_id":"T0BENCH","user_id":"U0BOT","bot_id":"B0BOT"})";
        }
        if (method == "users.info") return user_answer(body);
        return R"({"ok":true,"channel":"C0BENCH","ts":"1700000000.000100"})";
    }

    // The member asked for (JSON or form body), a plain member of the bench's team: without
    // an answer the bot would wait for it on every command that needs to know its admins.
    static std::string user_answer(std::string_view body) {
        const std::size_t key = body.find("user");
        std::size_t at = body.find('U', key == std::string_view::npos ? body.size() : key + 4);
        std::string id;
        while (at < body.size() && std::isalnum(static_cast<unsigned char>(body[at])))
            id += body[at++];
        return nlohmann::json{{"ok", true},
                              {"user",
                               {{"id", id},
                                {"team_id", "T0BENCH"},
                                {"is_admin", false},
                                {"is_owner", false},
                                {"is_restricted", false},
                                {"is_ultra_restricted", false}}}}
            .dump();
    }

    asio::awaitable<void> open_socket(std::shared_ptr<TlsStream> stream,
                                      const http::request<http::string_body>& request,
                                      beast::flat_buffer& buffer) {
        const std::string head =
            "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
            "Connection: Upgrade\r\nSec-WebSocket-Accept: " +
            accept_key(request[http::field::sec_websocket_key]) + "\r\n\r\n";
        co_await asio::async_write(*stream, asio::buffer(head), asio::use_awaitable);
        // The run is spread over the first --links links; one beyond them is left unused.
        if (links_.size() >= static_cast<std::size_t>(options_.links)) co_return;
        auto link = std::make_shared<Link>();
        link->stream = stream;
        links_.push_back(link);
        const auto* leftover = static_cast<const char*>(buffer.cdata().data());
        link->inbox.assign(leftover, buffer.size());
        send(link, text_frame(
                       R"({"type":"hello","num_connections":)" + std::to_string(links_.size()) +
                       R"(,"debug_info":{"host":"lean-bench","approximate_connection_time":18060},)"
                       R"("connection_info":{"app_id":"A0BENCH"}})"));
        if (links_.size() == static_cast<std::size_t>(options_.links)) {
            asio::co_spawn(io_, settle_then_run(), asio::detached);
        }
        co_await read_loop(link);
    }

    // One second idle after hello, for the client's idle RSS; then the phases.
    asio::awaitable<void> settle_then_run() {
        asio::steady_timer timer(io_, 1s);
        co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
        result_.rss_idle_kib = 0;
        for (const pid_t client : clients_) result_.rss_idle_kib += status_kib(client, "VmRSS");
        if (options_.rss_breakdown) {
            result_.rss_parts_kib = rss_breakdown_kib(clients_.front());
        }
        begin_phase();
    }

    void send(const std::shared_ptr<Link>& link, std::string_view bytes) {
        link->outbox.append(bytes);
        if (link->writing || link->outbox.empty()) return;
        link->writing = true;
        asio::co_spawn(io_, write_loop(link), asio::detached);
    }

    asio::awaitable<void> write_loop(std::shared_ptr<Link> link) {
        while (!link->outbox.empty()) {
            link->writing_bytes.swap(link->outbox);
            link->outbox.clear();
            const auto [ec, n] =
                co_await asio::async_write(*link->stream, asio::buffer(link->writing_bytes),
                                           asio::as_tuple(asio::use_awaitable));
            if (ec) {
                fail("write failed: " + ec.message());
                co_return;
            }
        }
        link->writing = false;
    }

    asio::awaitable<void> read_loop(std::shared_ptr<Link> link) {
        constexpr std::size_t kChunk = 64 * 1024;
        for (;;) {
            if (!parse_frames(link)) co_return;
            std::string& inbox = link->inbox;
            const std::size_t had = inbox.size();
            inbox.resize(had + kChunk);
            const auto [ec, n] = co_await link->stream->async_read_some(
                asio::buffer(inbox.data() + had, kChunk), asio::as_tuple(asio::use_awaitable));
            inbox.resize(had + n);
            if (ec) {
                if (!finished_) fail("the client closed the socket: " + ec.message());
                co_return;
            }
        }
    }

    // Handles every whole frame in `inbox_` (client frames are masked); false once closed.
    bool parse_frames(const std::shared_ptr<Link>& link) {
        std::string& inbox = link->inbox;
        std::size_t at = 0;
        const auto byte = [&](std::size_t i) { return static_cast<std::uint8_t>(inbox[at + i]); };
        bool open = true;
        while (open && inbox.size() - at >= 2) {
            const std::uint8_t opcode = byte(0) & 0x0f;
            const bool final = (byte(0) & 0x80) != 0;
            std::uint64_t size = byte(1) & 0x7f;
            std::size_t header = 2;
            if (size >= 126) {
                const std::size_t bytes = size == 126 ? 2 : 8;
                if (inbox.size() - at < 2 + bytes) break;
                size = 0;
                for (std::size_t i = 0; i < bytes; ++i) size = (size << 8) | byte(2 + i);
                header += bytes;
            }
            const bool masked = (byte(1) & 0x80) != 0;
            std::array<std::uint8_t, 4> mask{};
            if (masked) {
                if (inbox.size() - at < header + 4) break;
                for (std::size_t i = 0; i < 4; ++i) mask[i] = byte(header + i);
                header += 4;
            }
            if (inbox.size() - at < header + size) break;
            char* payload = inbox.data() + at + header;
            if (!final || opcode == 0) {
                fail("the client fragmented a message; acks must be one frame");
                return false;
            }
            if (opcode == 1) {
                on_ack(payload, static_cast<std::size_t>(size), mask);
            } else if (opcode == 9) {
                unmask(payload, static_cast<std::size_t>(size), mask, 0);
                send(link, control_frame(0xA, {payload, static_cast<std::size_t>(size)}));
            } else if (opcode == 8) {
                send(link, control_frame(0x8, {}));
                if (!finished_) fail("the client sent a close frame");
                open = false;
            }
            at += header + size;
        }
        inbox.erase(0, at);
        return open;
    }

    static void unmask(char* payload, std::size_t size, const std::array<std::uint8_t, 4>& mask,
                       std::size_t from) {
        for (std::size_t i = from; i < size; ++i)
            payload[i] = static_cast<char>(payload[i] ^ mask[i & 3]);
    }

    void on_ack(char* payload, std::size_t size, const std::array<std::uint8_t, 4>& mask) {
        const std::size_t head = std::min(size, kIdWindow);
        unmask(payload, head, mask, 0);
        std::string_view text(payload, head);
        std::size_t key = text.find(kIdKey);
        if (key == std::string_view::npos && head < size) {
            unmask(payload, size, mask, head);
            text = std::string_view(payload, size);
            key = text.find(kIdKey);
        }
        const std::size_t digits = key + kIdKey.size() + 1;  // after the "e"
        if (key == std::string_view::npos || digits >= text.size() || text[digits - 1] != 'e') {
            fail("a text frame without an envelope id: " + std::string(text.substr(0, 120)));
            return;
        }
        std::size_t index = 0;
        for (std::size_t i = digits; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
            index = index * 10 + static_cast<std::size_t>(text[i] - '0');
        }
        if (index >= acked_.size() || acked_[index]) {
            fail("an ack for an unknown or already acked envelope " + envelope_id(index));
            return;
        }
        acked_[index] = true;
        ++acks_;
        const Phase& phase = phases_[phase_];
        if (phase.measured) {
            result_.latencies.push_back(Clock::now() - sent_at_[index]);
            result_.ack_bytes += size;
        }
        --in_flight_;
        if (++acked_in_phase_ == phase.frames.size()) {
            end_phase();
        } else {
            fill();
        }
    }

    void begin_phase() {
        next_ = 0;
        acked_in_phase_ = 0;
        if (phases_[phase_].measured) {
            result_.client_cpu_ms = -clients_cpu_ms();
            result_.generator_cpu_ms = -own_cpu_ms();
            result_.began = Clock::now();
        }
        fill();
    }

    void end_phase() {
        if (phases_[phase_].measured) {
            result_.ended = Clock::now();
            result_.client_cpu_ms += clients_cpu_ms();
            result_.generator_cpu_ms += own_cpu_ms();
            result_.rss_peak_kib = 0;
            for (const pid_t client : clients_) result_.rss_peak_kib += status_kib(client, "VmHWM");
        }
        if (++phase_ == phases_.size()) {
            finished_ = true;
            io_.stop();
            return;
        }
        begin_phase();
    }

    double clients_cpu_ms() const {
        double sum = 0;
        for (const pid_t client : clients_) sum += cpu_ms(client);
        return sum;
    }

    // Queues envelopes of the current phase while fewer than its window are unacked, each on
    // a link picked at random.
    void fill() {
        Phase& phase = phases_[phase_];
        const auto now = Clock::now();
        std::uniform_int_distribution<std::size_t> pick(0, links_.size() - 1);
        while (in_flight_ < phase.window && next_ < phase.frames.size()) {
            sent_at_[phase.first + next_] = now;
            links_[links_.size() == 1 ? 0 : pick(random_)]->outbox.append(phase.frames[next_]);
            ++next_;
            ++in_flight_;
        }
        for (const auto& link : links_) send(link, {});
    }

    // Ends the run when nothing is acked for 15 s (or the client never connects in 60 s).
    asio::awaitable<void> watch() {
        asio::steady_timer timer(io_);
        std::size_t seen = 0;
        int quiet_seconds = 0;
        while (!finished_) {
            timer.expires_after(1s);
            co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
            quiet_seconds = acks_ == seen ? quiet_seconds + 1 : 0;
            seen = acks_;
            const bool running = links_.size() == static_cast<std::size_t>(options_.links);
            if (quiet_seconds >= (running ? 15 : 60)) {
                fail(running ? "no ack for 15 s after " + std::to_string(acks_) + " acks"
                             : "the clients opened " + std::to_string(links_.size()) + " of " +
                                   std::to_string(options_.links) + " websockets in 60 s");
            }
        }
    }

    asio::io_context& io_;
    ssl::context& tls_;
    Options options_;
    tcp::acceptor acceptor_;
    std::vector<pid_t> clients_;
    std::vector<Phase> phases_;
    std::size_t phase_ = 0, next_ = 0, acked_in_phase_ = 0, acks_ = 0;
    int in_flight_ = 0;
    std::vector<Clock::time_point> sent_at_;
    std::vector<bool> acked_;
    std::vector<std::shared_ptr<Link>> links_;
    std::mt19937 random_{19};  // the same spread every run
    bool finished_ = false;
    int status_ = 0;
    Result result_;
    std::map<std::string, int> api_calls_;
};

Options parse_options(int argc, char** argv) {
    Options options;
    int i = 1;
    const auto value = [&](const char* name) -> std::string {
        if (i + 1 >= argc) throw std::runtime_error(std::string(name) + " needs a value");
        return argv[++i];
    };
    for (; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--") {
            options.program.assign(argv + i + 1, argv + argc);
            break;
        }
        if (arg == "--label")
            options.label = value("--label");
        else if (arg == "--window")
            options.window = std::stoi(value("--window"));
        else if (arg == "--envelopes")
            options.envelopes = std::stoi(value("--envelopes"));
        else if (arg == "--warmup")
            options.warmup = std::stoi(value("--warmup"));
        else if (arg == "--command")
            options.command = value("--command");
        else if (arg == "--text")
            options.text = value("--text");
        else if (arg == "--vote")
            options.voters = std::stoi(value("--vote"));
        else if (arg == "--rss-breakdown")
            options.rss_breakdown = true;
        else if (arg == "--instances")
            options.instances = std::stoi(value("--instances"));
        else if (arg == "--links")
            options.links = std::stoi(value("--links"));
        else if (arg == "--db")
            options.db = value("--db");
        else if (arg == "--setup")
            options.setup.push_back(value("--setup"));
        else
            throw std::runtime_error("unknown option " + arg);
    }
    if (options.program.empty()) throw std::runtime_error("name the client: -- PROGRAM [ARG…]");
    if (options.window < 1 || options.envelopes < 1 || options.warmup < 0 || options.voters < 0 ||
        options.instances < 1 || options.links < 1) {
        throw std::runtime_error(
            "--window, --envelopes, --instances and --links must be at least 1, --warmup and "
            "--vote at least 0");
    }
    if (options.instances > 1 && options.db.empty()) {
        throw std::runtime_error("--instances above 1 needs --db, the database they share");
    }
    return options;
}

void print(const Options& options, const Result& result) {
    std::vector<Clock::duration> latencies = result.latencies;
    std::sort(latencies.begin(), latencies.end());
    const auto at = [&](double q) {
        return ms(latencies[std::min(latencies.size() - 1,
                                     static_cast<std::size_t>(q * latencies.size()))]);
    };
    const double per_1k = 1000.0 / options.envelopes;
    std::printf("%s %d %d %.0f %.3f %.3f %.3f %.1f %.1f %.0f %ld %ld\n", options.label.c_str(),
                options.window, options.envelopes,
                options.envelopes / (ms(result.ended - result.began) / 1000.0), at(0.50), at(0.99),
                ms(latencies.back()), result.client_cpu_ms * per_1k,
                result.generator_cpu_ms * per_1k,
                static_cast<double>(result.ack_bytes) / options.envelopes, result.rss_idle_kib,
                result.rss_peak_kib);
    if (!options.rss_breakdown) return;
    std::printf("rss");
    for (const auto& [part, kib] : result.rss_parts_kib) std::printf(" %s=%ld", part.c_str(), kib);
    std::printf("\n");
}

int run(const Options& options) {
    const ScratchDir scratch("ritualbot-lean-bench");
    const std::filesystem::path& dir = scratch.path();
    int status = 0;
    {
        const emulator::CertificateSet certificates =
            emulator::make_certificates(dir.string(), "ritualbot lean bench CA");
        ssl::context tls(ssl::context::tls_server);
        tls.use_certificate_chain_file(certificates.cert_file);
        tls.use_private_key_file(certificates.key_file, ssl::context::pem);
        asio::io_context io(1);
        Generator generator(io, tls, options);
        std::map<std::string, std::string> environment = {
            {"SLACK_APP_TOKEN", emulator::Emulator::kAppToken},
            {"SLACK_BOT_TOKEN", emulator::Emulator::kBotToken},
            {"SLACK_API_URL", generator.base_url() + "/api/"},
            {"RITUALBOT_CA_FILE", certificates.ca_file},
            {"NODE_EXTRA_CA_CERTS", certificates.ca_file},
            {"RITUALBOT_DB", options.db.empty() ? (dir / "ritualbot.db").string() : options.db},
            {"RITUALBOT_HTTP_ADDR", "127.0.0.1:0"},
            {"RITUALBOT_LOG", "warn"},
            {"TZ", "UTC"}};
        // The setup's writes (/captain add, /suggest open) need an admin.
        environment["RITUALBOT_ADMINS"] = std::string(kUser);
        for (const char* name : {"PATH", "HOME", "RITUALBOT_BARE_REPLY_BYTES", "NODE_PATH",
                                 "RITUALBOT_SOCKETS", "RITUALBOT_TICKET_RETENTION_DAYS"}) {
            if (const char* value = std::getenv(name)) environment[name] = value;
        }
        const std::vector<std::string> args(options.program.begin() + 1, options.program.end());
        std::vector<std::string> logs;
        std::vector<std::unique_ptr<Child>> children;
        std::vector<pid_t> pids;
        for (int i = 0; i < options.instances; ++i) {
            logs.push_back((dir / ("client" + std::to_string(i) + ".log")).string());
            children.push_back(
                std::make_unique<Child>(options.program.front(), args, environment, logs.back()));
            pids.push_back(children.back()->pid());
        }
        generator.start(pids);
        io.run();
        status = generator.status();
        if (status == 0) {
            print(options, generator.result());
        } else {
            for (const std::string& log : logs) {
                std::fprintf(stderr, "lean bench: the client's log (%s):\n", log.c_str());
                std::ifstream in(log);
                std::string line;
                for (int shown = 0; shown < 40 && std::getline(in, line); ++shown) {
                    std::fprintf(stderr, "  %s\n", line.c_str());
                }
            }
        }
        for (const auto& [method, calls] : generator.api_calls()) {
            std::fprintf(stderr, "lean bench: %s: %s %d\n", options.label.c_str(), method.c_str(),
                         calls);
        }
    }
    return status;
}

}  // namespace
}  // namespace ritualbot::bench

int main(int argc, char** argv) {
    try {
        return ritualbot::bench::run(ritualbot::bench::parse_options(argc, argv));
    } catch (const std::exception& e) {
        std::fprintf(stderr, "lean bench: %s\n", e.what());
        return 1;
    }
}
