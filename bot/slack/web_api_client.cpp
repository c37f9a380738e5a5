#include "bot/slack/web_api_client.hpp"

#include "bot/runtime/log.hpp"
#include "bot/runtime/metrics.hpp"
#include "bot/slack/reconnect_policy.hpp"
#include "bot/slack/tls.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <array>
#include <charconv>
#include <map>
#include <memory>
#include <random>
#include <vector>

namespace ritualbot::bot::slack {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using asio::use_awaitable;
constexpr auto kNoThrow = asio::as_tuple(use_awaitable);

namespace {

struct Connection {
    Connection(const asio::any_io_executor& executor, asio::ssl::context& tls)
        : stream(executor, tls) {}
    beast::ssl_stream<beast::tcp_stream> stream;
    beast::flat_buffer buffer;
    bool connected = false;
};

constexpr std::size_t kMaxResponseBytes = 32 * 1024 * 1024;

ApiResult network_failure(std::string what) {
    ApiResult result;
    result.kind = ApiErrorKind::transient;
    result.error = std::move(what);
    return result;
}

std::optional<std::chrono::seconds> parse_retry_after(std::string_view value) {
    long seconds = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
    if (ec != std::errc() || end == value.data() || seconds < 0) return std::nullopt;
    return std::chrono::seconds(seconds);
}

bool is_transient_slack_error(const std::string& error) {
    return error == "internal_error" || error == "fatal_error" || error == "service_unavailable" ||
           error == "request_timeout";
}

ApiResult classify(const http::response<http::string_body>& response) {
    ApiResult result;
    result.http_status = static_cast<int>(response.result_int());
    if (auto it = response.find("x-oauth-scopes"); it != response.end())
        result.oauth_scopes = std::string(it->value());
    result.body = nlohmann::json::parse(response.body(), nullptr, /*allow_exceptions=*/false);
    const bool json_object = !result.body.is_discarded() && result.body.is_object();
    const std::string slack_error =
        json_object && result.body.value("error", nlohmann::json()).is_string()
            ? result.body["error"].get<std::string>()
            : std::string();

    if (result.http_status == 429) {
        if (auto it = response.find(http::field::retry_after); it != response.end())
            result.retry_after = parse_retry_after(it->value());
        // Without Retry-After Slack means a hard limit (message_limit_exceeded): waiting a
        // few seconds will not help, so it is not retryable.
        result.kind = result.retry_after ? ApiErrorKind::rate_limited : ApiErrorKind::slack_error;
        result.error = slack_error.empty() ? "ratelimited" : slack_error;
        return result;
    }
    if (result.http_status >= 500) {
        result.kind = ApiErrorKind::transient;
        result.error = "HTTP " + std::to_string(result.http_status);
        return result;
    }
    if (!json_object) {
        result.kind = result.http_status == 200 ? ApiErrorKind::transient : ApiErrorKind::slack_error;
        result.error = "HTTP " + std::to_string(result.http_status) + " without a JSON answer";
        return result;
    }
    if (result.body.value("ok", false)) return result;
    result.error = slack_error.empty() ? "unknown_error" : slack_error;
    if (is_token_error(result.error)) {
        result.kind = ApiErrorKind::auth;
    } else if (result.error == "ratelimited") {
        result.kind = ApiErrorKind::rate_limited;
        result.retry_after = ReconnectPolicy::kDefaultRateLimitPause;
    } else if (is_transient_slack_error(result.error)) {
        result.kind = ApiErrorKind::transient;
    } else {
        result.kind = ApiErrorKind::slack_error;
    }
    return result;
}

asio::awaitable<std::string> connect(Connection& connection, config::Url base) {
    auto executor = co_await asio::this_coro::executor;
    tcp::resolver resolver(executor);
    auto [resolve_ec, endpoints] = co_await resolver.async_resolve(base.host, base.port, kNoThrow);
    if (resolve_ec) co_return "cannot resolve " + base.host + ": " + resolve_ec.message();

    auto& socket = beast::get_lowest_layer(connection.stream);
    socket.expires_after(WebApiClient::kConnectTimeout);
    auto [connect_ec, endpoint] = co_await socket.async_connect(endpoints, kNoThrow);
    if (connect_ec) co_return "cannot connect to " + base.host + ":" + base.port + ": " +
                              connect_ec.message();

    if (!expect_peer_name(connection.stream.native_handle(), base.host))
        co_return "cannot set the expected TLS peer name " + base.host;
    socket.expires_after(WebApiClient::kConnectTimeout);
    auto [tls_ec] = co_await connection.stream.async_handshake(asio::ssl::stream_base::client,
                                                                kNoThrow);
    if (tls_ec) co_return "TLS handshake with " + base.host + " failed: " +
                          describe_tls_error(tls_ec, connection.stream.native_handle());
    socket.expires_never();
    connection.connected = true;
    co_return std::string();
}

http::request<http::string_body> build_request(const config::Url& base, const std::string& token,
                                               const std::string& method,
                                               const nlohmann::json& args) {
    std::string target = base.path;
    if (target.empty() || target.back() != '/') target += '/';
    http::request<http::string_body> request{http::verb::post, target + method, 11};
    const bool default_port = (base.scheme == "https" && base.port == "443");
    request.set(http::field::host, default_port ? base.host : base.host + ":" + base.port);
    request.set(http::field::user_agent, "ritualbot/0.1");
    request.set(http::field::authorization, "Bearer " + token);
    if (sends_json_body(method)) {
        request.set(http::field::content_type, "application/json; charset=utf-8");
        request.body() = args.is_null() ? "{}" : args.dump();
    } else {
        request.set(http::field::content_type, "application/x-www-form-urlencoded");
        request.body() = form_encode(args);
    }
    request.keep_alive(true);
    request.prepare_payload();
    return request;
}

}  // namespace

struct WebApiClient::Impl {
    Impl(asio::any_io_executor ex, asio::ssl::context& context, config::Url url, std::string tok)
        : executor(std::move(ex)), tls(context), base(std::move(url)), token(std::move(tok)) {}

    std::unique_ptr<Connection> take_connection() {
        if (idle.empty()) return std::make_unique<Connection>(executor, tls);
        auto connection = std::move(idle.back());
        idle.pop_back();
        return connection;
    }

    // One request on a kept-alive connection to the API's host. A connection the server
    // closed while idle shows up as a failed write or read, and deserves exactly one retry on
    // a fresh connection. The response, or nullopt and a transient failure naming `what`.
    using Exchange = std::pair<ApiResult, std::optional<http::response<http::string_body>>>;
    asio::awaitable<Exchange> exchange(http::request<http::string_body> request, std::string what) {
        auto connection = take_connection();
        for (int attempt = 0; attempt < 2; ++attempt) {
            const bool reused = connection->connected;
            if (!connection->connected) {
                const std::string failure = co_await connect(*connection, base);
                if (!failure.empty())
                    co_return Exchange{network_failure(what + ": " + failure), std::nullopt};
            }
            auto& socket = beast::get_lowest_layer(connection->stream);
            socket.expires_after(kRequestTimeout);
            auto [write_ec, written] =
                co_await http::async_write(connection->stream, request, kNoThrow);
            http::response_parser<http::string_body> parser;
            parser.body_limit(kMaxResponseBytes);
            beast::error_code read_ec = write_ec;
            if (!write_ec) {
                auto [ec, read] = co_await http::async_read(connection->stream, connection->buffer,
                                                            parser, kNoThrow);
                read_ec = ec;
            }
            socket.expires_never();
            if (read_ec) {
                connection = std::make_unique<Connection>(executor, tls);
                if (reused) continue;
                co_return Exchange{network_failure(what + ": " + read_ec.message()), std::nullopt};
            }
            auto response = parser.release();
            if (response.keep_alive()) idle.push_back(std::move(connection));
            co_return Exchange{ApiResult{}, std::move(response)};
        }
        co_return Exchange{network_failure(what + ": connection closed twice in a row"), std::nullopt};
    }

    asio::awaitable<ApiResult> respond(std::string url, nlohmann::json message);

    asio::any_io_executor executor;
    asio::ssl::context& tls;
    config::Url base;
    std::string token;
    std::vector<std::unique_ptr<Connection>> idle;  // kept-alive connections, ready for reuse
    // Response URLs on another host than the API's (Slack's hooks.slack.com), by "host:port",
    // each with its own kept-alive connections: a vote's answer costs no TLS handshake. Only
    // Slack's hosts get here (may_carry_token), so the map stays small.
    std::map<std::string, std::shared_ptr<Impl>> response_hosts;
    std::mt19937 random{std::random_device{}()};
};

WebApiClient::WebApiClient(asio::any_io_executor executor, asio::ssl::context& tls,
                           config::Url base, std::string token)
    : impl_(std::make_unique<Impl>(std::move(executor), tls, std::move(base), std::move(token))) {}

WebApiClient::~WebApiClient() = default;

void WebApiClient::close() {
    impl_->idle.clear();
    impl_->response_hosts.clear();
}

namespace {

const char* outcome_name(ApiErrorKind kind) {
    switch (kind) {
        case ApiErrorKind::none: return "ok";
        case ApiErrorKind::slack_error: return "slack_error";
        case ApiErrorKind::auth: return "auth";
        case ApiErrorKind::rate_limited: return "rate_limited";
        case ApiErrorKind::transient: return "transient";
    }
    return "unknown";
}

ApiResult counted(const std::string& method, ApiResult result) {
    metrics().add("ritualbot_api_calls_total", {{"method", method}, {"outcome", outcome_name(result.kind)}});
    if (result.http_status == 429) metrics().add("ritualbot_api_http_429_total", {{"method", method}});
    return result;
}

}  // namespace

namespace {

// Not a Web API method: an answer to an interaction, POSTed to its response_url (args: the
// message plus "url"), by Impl::respond below. The outbox names its rows so (outbox_writer.hpp).
constexpr const char* kResponseUrlMethod = "response_url";

}  // namespace

asio::awaitable<ApiResult> WebApiClient::call(std::string method, nlohmann::json args) {
    if (method == kResponseUrlMethod) {
        const std::string url = args.value("url", std::string());
        args.erase("url");
        co_return counted(method, co_await impl_->respond(url, std::move(args)));
    }
    co_return counted(method, co_await call_once(method, std::move(args)));
}

asio::awaitable<ApiResult> WebApiClient::call_once(std::string method, nlohmann::json args) {
    auto [result, response] =
        co_await impl_->exchange(build_request(impl_->base, impl_->token, method, args), method);
    if (response) result = classify(*response);
    co_return result;
}

asio::awaitable<ApiResult> WebApiClient::call_with_retries(std::string method, nlohmann::json args,
                                                           int max_attempts) {
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    Backoff backoff(std::chrono::milliseconds(500), std::chrono::seconds(30),
                    [this, &uniform] { return uniform(impl_->random); });
    asio::steady_timer timer(impl_->executor);
    for (int attempt = 1;; ++attempt) {
        ApiResult result = co_await call(method, args);
        if (!result.retryable() || attempt >= max_attempts) co_return result;
        const auto delay = result.kind == ApiErrorKind::rate_limited && result.retry_after
                               ? std::chrono::duration_cast<std::chrono::milliseconds>(*result.retry_after)
                               : backoff.next();
        log::warn("api.retry", {{"method", method},
                                {"error", result.error},
                                {"attempt", std::to_string(attempt)},
                                {"retry_in_ms", std::to_string(delay.count())}});
        timer.expires_after(delay);
        co_await timer.async_wait(kNoThrow);
    }
}

asio::awaitable<ApiResult> WebApiClient::paginate(std::string method, nlohmann::json args,
                                                  std::string items_key, int max_pages) {
    nlohmann::json items = nlohmann::json::array();
    if (!args.is_object()) args = nlohmann::json::object();
    ApiResult result;
    for (int page = 0; page < max_pages; ++page) {
        result = co_await call_with_retries(method, args);
        if (!result.ok()) co_return result;
        if (auto it = result.body.find(items_key); it != result.body.end() && it->is_array())
            items.insert(items.end(), it->begin(), it->end());
        const std::string cursor = result.body.value(
            nlohmann::json::json_pointer("/response_metadata/next_cursor"), std::string());
        if (cursor.empty()) break;
        args["cursor"] = cursor;
    }
    result.body[items_key] = std::move(items);
    co_return result;
}

namespace {

// The token may go to the API host itself or a host below it (api: slack.com, files:
// files.slack.com), over HTTPS only.
bool may_carry_token(const config::Url& file, const config::Url& api) {
    if (file.scheme != "https") return false;
    if (file.host == api.host) return true;
    const std::string suffix = "." + api.host;
    return file.host.size() > suffix.size() && file.host.ends_with(suffix);
}

std::string host_field(const config::Url& url) {
    return url.port == "443" ? url.host : std::string(url.host).append(":").append(url.port);
}

Download download_failure(std::string what) {
    Download download;
    download.error = std::move(what);
    return download;
}

}  // namespace

// POST of a message (JSON: text, blocks, response_type, replace_original) to an interaction's
// response_url, without the token, refused unless the URL is HTTPS on the API's host or one
// below it (hooks.slack.com). HTTP 200 is ok, 429 rate_limited, a 5xx or a network failure
// transient, anything else a slack_error (expired_url, used_url, …). The URL (secret-ish)
// appears in no error text.
asio::awaitable<ApiResult> WebApiClient::Impl::respond(std::string url, nlohmann::json message) {
    const auto target = config::parse_url(url);
    ApiResult result;
    result.kind = ApiErrorKind::slack_error;
    // Slack's hooks are on a host below the API's (hooks.slack.com); anything else is not
    // Slack's and is refused. It carries no token either way: the URL is the permission.
    if (!target || !may_carry_token(*target, base)) {
        result.error = "the response URL is not an HTTPS URL on Slack's host";
        co_return result;
    }
    http::request<http::string_body> request{http::verb::post, target->path, 11};
    request.set(http::field::host, host_field(*target));
    request.set(http::field::user_agent, "ritualbot/0.1");
    request.set(http::field::content_type, "application/json; charset=utf-8");
    request.body() = message.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    request.keep_alive(true);
    request.prepare_payload();
    Exchange answer;
    // On the API's own endpoint (the emulator) the kept-alive connections serve it too.
    if (target->host == base.host && target->port == base.port) {
        answer = co_await exchange(std::move(request), kResponseUrlMethod);
    } else {
        auto& pooled = response_hosts[target->host + ":" + target->port];
        if (!pooled) pooled = std::make_shared<Impl>(executor, tls, *target, std::string());
        const std::shared_ptr<Impl> host = pooled;  // kept alive should close() run meanwhile
        answer = co_await host->exchange(std::move(request), kResponseUrlMethod);
    }
    auto& [failure, response] = answer;
    if (!response) co_return failure;
    // Slack answers a response URL with a plain "ok" or an error word, not the Web API's JSON.
    result.http_status = static_cast<int>(response->result_int());
    if (result.http_status == 200) {
        result.kind = ApiErrorKind::none;
    } else if (result.http_status == 429 || result.http_status >= 500) {
        result = classify(*response);
    } else {
        const auto body = nlohmann::json::parse(response->body(), nullptr, false);
        result.error = body.is_object() && body.value("error", nlohmann::json()).is_string()
                           ? body["error"].get<std::string>()
                           : "HTTP " + std::to_string(result.http_status);
    }
    co_return result;
}

asio::awaitable<Download> WebApiClient::download(std::string url, std::size_t max_bytes) {
    const auto target = config::parse_url(url);
    if (!target) co_return download_failure("the file's download URL is not a URL");
    if (!may_carry_token(*target, impl_->base)) {
        co_return download_failure(std::string("the file's download URL is not on ")
                                       .append(impl_->base.host)
                                       .append(" over HTTPS; the bot token is not sent elsewhere"));
    }
    Connection connection(impl_->executor, impl_->tls);
    const std::string failure = co_await connect(connection, *target);
    if (!failure.empty()) co_return download_failure(failure);

    http::request<http::empty_body> request{http::verb::get, target->path, 11};
    request.set(http::field::host, host_field(*target));
    request.set(http::field::user_agent, "ritualbot/0.1");
    request.set(http::field::authorization, "Bearer " + impl_->token);
    request.keep_alive(false);
    auto& socket = beast::get_lowest_layer(connection.stream);
    socket.expires_after(kRequestTimeout);
    auto [write_ec, written] = co_await http::async_write(connection.stream, request, kNoThrow);
    if (write_ec) co_return download_failure(std::string("sending the download request: ").append(write_ec.message()));

    http::response_parser<http::string_body> parser;
    parser.body_limit(max_bytes);
    // A Content-Length over the limit fails at the header already, a longer chunked body later.
    auto [body_ec, body_bytes] =
        co_await http::async_read(connection.stream, connection.buffer, parser, kNoThrow);
    socket.expires_never();
    if (body_ec == http::error::body_limit) {
        Download download = download_failure("the file is larger than the limit");
        download.too_large = true;
        co_return download;
    }
    if (body_ec) co_return download_failure(std::string("reading the download: ").append(body_ec.message()));
    auto response = parser.release();
    Download download;
    download.content_type = std::string(response[http::field::content_type]);
    const int status = static_cast<int>(response.result_int());
    if (status != 200) {
        std::string why = std::string("Slack answered the download with HTTP ")
                              .append(std::to_string(status));
        if (status == 401 || status == 302 || status == 403) {
            why += " (the bot token may not read this file: it needs the files:read scope)";
        }
        co_return download_failure(std::move(why));
    }
    if (download.content_type.starts_with("text/html")) {
        co_return download_failure("Slack answered with a web page instead of the file (the bot "
                                   "token needs the files:read scope)");
    }
    download.body = std::move(response.body());
    co_return download;
}

asio::awaitable<ApiResult> WebApiClient::upload(std::string url, std::string bytes) {
    const auto target = config::parse_url(url);
    ApiResult result;
    result.kind = ApiErrorKind::slack_error;
    if (!target || target->scheme != "https") {
        result.error = "the upload URL Slack gave is not an HTTPS URL";
        co_return counted("files.upload_bytes", result);
    }
    Connection connection(impl_->executor, impl_->tls);
    const std::string failure = co_await connect(connection, *target);
    if (!failure.empty()) co_return counted("files.upload_bytes", network_failure(failure));

    http::request<http::string_body> request{http::verb::post, target->path, 11};
    request.set(http::field::host, host_field(*target));
    request.set(http::field::user_agent, "ritualbot/0.1");
    request.set(http::field::content_type, "application/octet-stream");
    request.body() = std::move(bytes);
    request.keep_alive(false);
    request.prepare_payload();
    auto& socket = beast::get_lowest_layer(connection.stream);
    socket.expires_after(kRequestTimeout);
    auto [write_ec, written] = co_await http::async_write(connection.stream, request, kNoThrow);
    http::response_parser<http::string_body> parser;
    beast::error_code read_ec = write_ec;
    if (!write_ec) {
        auto [ec, read] = co_await http::async_read(connection.stream, connection.buffer, parser,
                                                    kNoThrow);
        read_ec = ec;
    }
    socket.expires_never();
    if (read_ec) {
        co_return counted("files.upload_bytes",
                          network_failure(std::string("sending the file: ").append(read_ec.message())));
    }
    result.http_status = static_cast<int>(parser.get().result_int());
    if (result.http_status == 200) {
        result.kind = ApiErrorKind::none;
    } else {
        result.kind = result.http_status >= 500 ? ApiErrorKind::transient : ApiErrorKind::slack_error;
        result.error = std::string("the upload answered HTTP ").append(std::to_string(result.http_status));
    }
    co_return counted("files.upload_bytes", result);
}

bool sends_json_body(const std::string& method) {
    static constexpr std::array<std::string_view, 5> kJsonPrefixes = {
        "chat.", "views.", "reactions.add", "reactions.remove", "usergroups.users.update"};
    for (std::string_view prefix : kJsonPrefixes) {
        if (method.compare(0, prefix.size(), prefix) == 0) return true;
    }
    return false;
}

std::string form_encode(const nlohmann::json& args) {
    if (!args.is_object()) return {};
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string body;
    for (const auto& [key, value] : args.items()) {
        if (!body.empty()) body += '&';
        const std::string text = value.is_string() ? value.get<std::string>() : value.dump();
        for (const std::string* part : {&key, &text}) {
            for (unsigned char c : *part) {
                if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
                    body += static_cast<char>(c);
                } else {
                    body += '%';
                    body += kHex[c >> 4];
                    body += kHex[c & 0xF];
                }
            }
            if (part == &key) body += '=';
        }
    }
    return body;
}

}  // namespace ritualbot::bot::slack
