#include "fake_helpdesk.hpp"

#include "emulator/certificates.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <unordered_map>

namespace ritualbot::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

namespace {

using Query = std::map<std::string, std::string>;

std::string percent_decoded(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size()) {
            out += static_cast<char>(
                std::strtol(std::string(text.substr(i + 1, 2)).c_str(), nullptr, 16));
            i += 2;
        } else {
            out += text[i] == '+' ? ' ' : text[i];
        }
    }
    return out;
}

Query parse_query(std::string_view target) {
    Query query;
    const std::size_t mark = target.find('?');
    if (mark == std::string_view::npos) return query;
    std::string_view rest = target.substr(mark + 1);
    while (!rest.empty()) {
        const std::size_t amp = std::min(rest.find('&'), rest.size());
        const std::string_view pair = rest.substr(0, amp);
        const std::size_t eq = pair.find('=');
        if (eq != std::string_view::npos) {
            query[std::string(pair.substr(0, eq))] = percent_decoded(pair.substr(eq + 1));
        }
        rest.remove_prefix(std::min(amp + 1, rest.size()));
    }
    return query;
}

long number(const Query& query, const char* key, long fallback) {
    const auto it = query.find(key);
    return it == query.end() ? fallback : std::atol(it->second.c_str());
}

struct Answer {
    int status = 200;
    std::string body;
    int retry_after = 0;
};

std::string cursor_of(std::int64_t seq) {
    return std::string("c") + std::to_string(seq) + "==";
}

std::int64_t seq_of(const std::string& cursor) {
    return cursor.size() > 1 ? std::atoll(cursor.c_str() + 1) : 0;
}

}  // namespace

struct FakeHelpdesk::State {
    struct Change {
        std::int64_t id = 0;
        std::int64_t generated_timestamp = 0;
        std::string ticket;
        std::string metric_set;  // empty: none
    };

    mutable std::mutex mutex;
    std::string dir;
    emulator::CertificateSet certificates;
    asio::io_context io{1};
    asio::ssl::context tls{asio::ssl::context::tls_server};
    tcp::acceptor acceptor{io};
    std::thread thread;
    int port = 0;

    std::string authorization;
    int zendesk_page_cap = 1000;
    std::int64_t next_seq = 1;
    std::map<std::int64_t, Change> changes;  // by seq: the order tickets last changed
    std::unordered_map<std::int64_t, std::int64_t> seq_of_ticket;
    std::map<std::int64_t, nlohmann::json> freshdesk_tickets;
    std::map<std::int64_t, nlohmann::json> freshdesk_ratings;
    int fail_after_ok = 0;
    int fail_count = 0;
    int fail_status = 0;
    int fail_retry_after = 0;
    std::vector<std::string> targets;

    void put(Change change) {
        if (const auto it = seq_of_ticket.find(change.id); it != seq_of_ticket.end()) {
            changes.erase(it->second);
        }
        seq_of_ticket[change.id] = next_seq;
        changes.emplace(next_seq++, std::move(change));
    }

    Answer zendesk(const Query& query) {
        const long per_page =
            std::clamp<long>(number(query, "per_page", 1000), 1, zendesk_page_cap);
        const bool metric_sets = query.count("include") && query.at("include") == "metric_sets";
        const bool by_cursor = query.count("cursor") > 0;
        if (!by_cursor && !query.count("start_time")) {
            return {422, R"({"error":"InvalidValue","description":"start_time or cursor"})"};
        }
        const std::int64_t after = by_cursor ? seq_of(query.at("cursor")) : 0;
        const std::int64_t start_time = by_cursor ? 0 : number(query, "start_time", 0);
        std::string tickets;
        std::string sets;
        std::int64_t last = by_cursor ? after : (changes.empty() ? 0 : changes.rbegin()->first);
        long taken = 0;
        bool more = false;
        for (auto it = changes.upper_bound(after); it != changes.end(); ++it) {
            if (it->second.generated_timestamp < start_time) continue;
            if (taken == per_page) {
                more = true;
                break;
            }
            tickets += (taken++ ? "," : "") + it->second.ticket;
            if (metric_sets && !it->second.metric_set.empty()) {
                sets += (sets.empty() ? "" : ",") + it->second.metric_set;
            }
            last = it->first;
        }
        std::string body = "{\"tickets\":[" + tickets + "]";
        if (metric_sets) body += ",\"metric_sets\":[" + sets + "]";
        body += std::string(",\"after_cursor\":\"") + cursor_of(last) + "\",\"before_cursor\":null";
        body += std::string(",\"end_of_stream\":") + (more ? "false" : "true") + "}";
        return {200, std::move(body)};
    }

    // Freshdesk's list calls: items at or after `since` by `time_key`, oldest first, paged.
    static Answer time_list(const std::map<std::int64_t, nlohmann::json>& items,
                            const char* time_key, const std::string& since, const Query& query,
                            bool strip_stats) {
        std::vector<const nlohmann::json*> matching;
        for (const auto& [id, item] : items) {
            if (item.value(time_key, std::string()) >= since) matching.push_back(&item);
        }
        std::stable_sort(matching.begin(), matching.end(), [&](const auto* a, const auto* b) {
            return a->value(time_key, std::string()) < b->value(time_key, std::string());
        });
        const long per_page = std::clamp<long>(number(query, "per_page", 30), 1, 100);
        const long page = std::max<long>(1, number(query, "page", 1));
        nlohmann::json out = nlohmann::json::array();
        for (std::size_t i = static_cast<std::size_t>((page - 1) * per_page);
             i < matching.size() && out.size() < static_cast<std::size_t>(per_page); ++i) {
            nlohmann::json item = *matching[i];
            if (strip_stats) item.erase("stats");
            out.push_back(std::move(item));
        }
        return {200, out.dump()};
    }

    Answer answer(const std::string& target, const std::string& auth) {
        std::lock_guard lock(mutex);
        targets.push_back(target);
        if (!authorization.empty() && auth != authorization) {
            return {401, R"({"error":"Couldn't authenticate you"})"};
        }
        if (fail_count > 0) {
            if (fail_after_ok == 0) {
                --fail_count;
                return {fail_status, R"({"error":"scripted failure"})", fail_retry_after};
            }
            --fail_after_ok;
        }
        const Query query = parse_query(target);
        const std::string path = target.substr(0, target.find('?'));
        if (path == "/api/v2/incremental/tickets/cursor.json") return zendesk(query);
        if (path == "/api/v2/tickets") {
            const bool stats = query.count("include") && query.at("include") == "stats";
            return time_list(freshdesk_tickets, "updated_at",
                             query.count("updated_since") ? query.at("updated_since") : "", query,
                             !stats);
        }
        if (path == "/api/v2/surveys/satisfaction_ratings") {
            return time_list(freshdesk_ratings, "created_at",
                             query.count("created_since") ? query.at("created_since") : "", query,
                             false);
        }
        return {404, R"({"error":"InvalidEndpoint"})"};
    }
};

namespace {

// The coroutines take the state by pointer, not shared_ptr: their frames live in the state's own
// io_context, so a shared_ptr in a frame still pending at shutdown would keep the state (and the
// frame) alive for ever. The destructor joins the thread before the state goes.
asio::awaitable<void> serve(FakeHelpdesk::State* state, tcp::socket socket) {
    beast::ssl_stream<beast::tcp_stream> stream(std::move(socket), state->tls);
    beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(10));
    auto [shaken] = co_await stream.async_handshake(asio::ssl::stream_base::server, kNoThrow);
    if (shaken) co_return;
    beast::flat_buffer buffer;
    for (bool keep_alive = true; keep_alive;) {
        http::request<http::string_body> request;
        beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(10));
        auto [read, n] = co_await http::async_read(stream, buffer, request, kNoThrow);
        if (read) co_return;
        const Answer answer = state->answer(std::string(request.target()),
                                            std::string(request[http::field::authorization]));
        http::response<http::string_body> response{static_cast<http::status>(answer.status), 11};
        response.set(http::field::content_type, "application/json; charset=utf-8");
        if (answer.retry_after > 0)
            response.set(http::field::retry_after, std::to_string(answer.retry_after));
        response.body() = answer.body;
        keep_alive = request.keep_alive();
        response.keep_alive(keep_alive);
        response.prepare_payload();
        auto [written, m] = co_await http::async_write(stream, response, kNoThrow);
        if (written) co_return;
    }
    beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(2));
    co_await stream.async_shutdown(kNoThrow);
}

asio::awaitable<void> accept_loop(FakeHelpdesk::State* state) {
    while (state->acceptor.is_open()) {
        auto [accepted, socket] = co_await state->acceptor.async_accept(kNoThrow);
        if (accepted) co_return;
        asio::co_spawn(state->io, serve(state, std::move(socket)), asio::detached);
    }
}

}  // namespace

FakeHelpdesk::FakeHelpdesk() : state_(std::make_shared<State>()) {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "ritualbot-helpdesk-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("FakeHelpdesk: mkdtemp");
    state_->dir = pattern;
    state_->certificates = emulator::make_certificates(state_->dir, "ritualbot fake helpdesk CA");
    state_->tls.use_certificate_chain_file(state_->certificates.cert_file);
    state_->tls.use_private_key_file(state_->certificates.key_file, asio::ssl::context::pem);
    const tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), 0);
    state_->acceptor.open(endpoint.protocol());
    state_->acceptor.set_option(tcp::acceptor::reuse_address(true));
    state_->acceptor.bind(endpoint);
    state_->acceptor.listen();
    state_->port = state_->acceptor.local_endpoint().port();
    asio::co_spawn(state_->io, accept_loop(state_.get()), asio::detached);
    state_->thread = std::thread([state = state_.get()] { state->io.run(); });
}

FakeHelpdesk::~FakeHelpdesk() {
    asio::post(state_->io, [state = state_.get()] {
        boost::system::error_code ignored;
        state->acceptor.close(ignored);
        state->io.stop();
    });
    state_->thread.join();
    std::error_code ignored;
    std::filesystem::remove_all(state_->dir, ignored);
}

std::string FakeHelpdesk::base_url() const {
    return std::string("https://127.0.0.1:") + std::to_string(state_->port);
}

std::string FakeHelpdesk::ca_file() const {
    return state_->certificates.ca_file;
}

void FakeHelpdesk::expect_authorization(std::string header) {
    std::lock_guard lock(state_->mutex);
    state_->authorization = std::move(header);
}

void FakeHelpdesk::set_zendesk_page_cap(int cap) {
    std::lock_guard lock(state_->mutex);
    state_->zendesk_page_cap = cap;
}

void FakeHelpdesk::zendesk_put(const nlohmann::json& ticket, const nlohmann::json& metric_set) {
    zendesk_put_text(ticket.at("id").get<std::int64_t>(),
                     ticket.value("generated_timestamp", std::int64_t{0}), ticket.dump(),
                     metric_set.is_null() ? std::string() : metric_set.dump());
}

void FakeHelpdesk::zendesk_put_text(std::int64_t id, std::int64_t generated_timestamp,
                                    std::string ticket, std::string metric_set) {
    std::lock_guard lock(state_->mutex);
    state_->put({id, generated_timestamp, std::move(ticket), std::move(metric_set)});
}

void FakeHelpdesk::zendesk_put_page(const nlohmann::json& page) {
    std::map<std::int64_t, nlohmann::json> sets;
    for (const auto& set : page.value("metric_sets", nlohmann::json::array())) {
        sets[set.at("ticket_id").get<std::int64_t>()] = set;
    }
    for (const auto& ticket : page.at("tickets")) {
        const auto set = sets.find(ticket.at("id").get<std::int64_t>());
        zendesk_put(ticket, set == sets.end() ? nlohmann::json() : set->second);
    }
}

void FakeHelpdesk::freshdesk_put(const nlohmann::json& ticket) {
    std::lock_guard lock(state_->mutex);
    state_->freshdesk_tickets[ticket.at("id").get<std::int64_t>()] = ticket;
}

void FakeHelpdesk::freshdesk_rate(const nlohmann::json& rating) {
    std::lock_guard lock(state_->mutex);
    state_->freshdesk_ratings[rating.at("id").get<std::int64_t>()] = rating;
}

void FakeHelpdesk::fail_later(int after_ok, int status, int retry_after_seconds, int count) {
    std::lock_guard lock(state_->mutex);
    state_->fail_after_ok = after_ok;
    state_->fail_status = status;
    state_->fail_retry_after = retry_after_seconds;
    state_->fail_count = count;
}

std::vector<std::string> FakeHelpdesk::requests() const {
    std::lock_guard lock(state_->mutex);
    return state_->targets;
}

}  // namespace ritualbot::testing
