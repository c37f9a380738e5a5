#include "bot/connectors/helpdesk_client.hpp"

#include "bot/slack/tls.hpp"
#include "config/url.hpp"

#include <openssl/evp.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <charconv>
#include <chrono>
#include <optional>

namespace ritualbot::bot::connectors {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

namespace {

constexpr std::chrono::seconds kStepDeadline{30};
// A Zendesk page of 1,000 tickets with their metric sets is a few megabytes.
constexpr std::uint64_t kMaxBodyBytes = 64ULL * 1024 * 1024;

std::string base64(const std::string& text) {
    std::string out(4 * ((text.size() + 2) / 3) + 1, '\0');
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                  reinterpret_cast<const unsigned char*>(text.data()),
                                  static_cast<int>(text.size()));
    out.resize(static_cast<std::size_t>(n));
    return out;
}

std::optional<std::chrono::seconds> retry_after(std::string_view value) {
    long seconds = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
    if (ec != std::errc() || end != value.data() + value.size() || seconds < 0) return std::nullopt;
    return std::chrono::seconds(seconds);
}

commands::HttpReply no_answer(std::string why) {
    commands::HttpReply reply;
    reply.error = std::move(why);
    return reply;
}

// One request on a fresh connection: resolve, connect, TLS (SNI and name checked), write,
// read, each under its own deadline.
asio::awaitable<commands::HttpReply> fetch(asio::ssl::context& tls, config::Url url,
                                           std::string authorization) {
    auto executor = co_await asio::this_coro::executor;
    tcp::resolver resolver(executor);
    const auto [resolved, endpoints] =
        co_await resolver.async_resolve(url.host, url.port, kNoThrow);
    if (resolved) co_return no_answer("cannot resolve " + url.host + ": " + resolved.message());

    beast::ssl_stream<beast::tcp_stream> stream(executor, tls);
    beast::tcp_stream& tcp_layer = beast::get_lowest_layer(stream);
    tcp_layer.expires_after(kStepDeadline);
    const auto [connected, peer] = co_await tcp_layer.async_connect(endpoints, kNoThrow);
    if (connected)
        co_return no_answer("cannot connect to " + url.host + ":" + url.port + ": " +
                            connected.message());
    if (!slack::expect_peer_name(stream.native_handle(), url.host))
        co_return no_answer("cannot expect the TLS name " + url.host);
    tcp_layer.expires_after(kStepDeadline);
    const auto [shaken] = co_await stream.async_handshake(asio::ssl::stream_base::client, kNoThrow);
    if (shaken)
        co_return no_answer("TLS with " + url.host + " failed: " +
                            slack::describe_tls_error(shaken, stream.native_handle()));

    http::request<http::empty_body> request{http::verb::get, url.path, 11};
    request.set(http::field::host, url.port == "443" ? url.host : url.host + ":" + url.port);
    request.set(http::field::user_agent, "ritualbot/0.1 (helpdesk connector)");
    request.set(http::field::accept, "application/json");
    request.set(http::field::authorization, authorization);
    request.keep_alive(false);
    tcp_layer.expires_after(kStepDeadline);
    const auto [written, sent] = co_await http::async_write(stream, request, kNoThrow);
    if (written) co_return no_answer("sending to " + url.host + " failed: " + written.message());

    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(kMaxBodyBytes);
    tcp_layer.expires_after(kStepDeadline);
    const auto [read, received] = co_await http::async_read(stream, buffer, parser, kNoThrow);
    if (read) co_return no_answer("reading from " + url.host + " failed: " + read.message());

    auto& response = parser.get();
    commands::HttpReply reply;
    reply.status = static_cast<int>(response.result_int());
    if (const auto it = response.find(http::field::retry_after); it != response.end()) {
        reply.retry_after = retry_after(it->value());
    }
    reply.body = std::move(response.body());
    // The answer is complete; a peer that closes without close_notify (stream_truncated) or
    // is slow to do so changes nothing.
    tcp_layer.expires_after(std::chrono::seconds(2));
    co_await stream.async_shutdown(kNoThrow);
    co_return reply;
}

}  // namespace

struct HelpdeskClient::Impl {
    explicit Impl(const config::Settings& s)
        : settings(s), tls(slack::make_client_tls_context(s.ca_file)) {}

    std::string authorization(const std::string& kind) const {
        if (kind == "zendesk") {
            return "Basic " + base64(settings.zendesk_email + "/token:" + settings.zendesk_token);
        }
        return "Basic " + base64(settings.freshdesk_api_key + ":X");
    }

    config::Settings settings;
    asio::ssl::context tls;
    asio::io_context io{1};
};

HelpdeskClient::HelpdeskClient(const config::Settings& settings)
    : impl_(std::make_unique<Impl>(settings)) {}

HelpdeskClient::~HelpdeskClient() = default;

commands::HttpReply HelpdeskClient::get(const std::string& kind, const std::string& url) {
    const auto parsed = config::parse_url(url);
    if (!parsed || parsed->scheme != "https") return no_answer("not an https:// URL: " + url);
    if (const std::string missing = missing_credentials(impl_->settings, kind); !missing.empty()) {
        return no_answer(missing + " not set on the server");
    }
    std::optional<commands::HttpReply> reply;
    asio::co_spawn(impl_->io, fetch(impl_->tls, *parsed, impl_->authorization(kind)),
                   [&reply](std::exception_ptr failure, commands::HttpReply answer) {
                       if (failure) std::rethrow_exception(failure);
                       reply = std::move(answer);
                   });
    impl_->io.restart();
    impl_->io.run();
    return reply ? std::move(*reply) : no_answer("the request did not finish");
}

std::string missing_credentials(const config::Settings& settings, const std::string& kind) {
    if (kind == "zendesk") {
        if (settings.zendesk_email.empty() && settings.zendesk_token.empty())
            return "RITUALBOT_ZENDESK_EMAIL and RITUALBOT_ZENDESK_TOKEN are";
        if (settings.zendesk_email.empty()) return "RITUALBOT_ZENDESK_EMAIL is";
        if (settings.zendesk_token.empty()) return "RITUALBOT_ZENDESK_TOKEN is";
        return {};
    }
    return settings.freshdesk_api_key.empty() ? "RITUALBOT_FRESHDESK_API_KEY is" : std::string();
}

}  // namespace ritualbot::bot::connectors
