#pragma once
// Slack Web API over keep-alive HTTPS. Each call is one request (plus one retry when a
// kept-alive connection turns out to be closed); call_with_retries() adds waiting out 429s
// and transient failures. Slack's {ok, error} answers become an ApiResult whose kind says what
// a caller can do about it. Runs on the io thread; concurrent calls each get their own
// connection from a small pool. Never logs or returns the token.

#include "config/url.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>

namespace boost::asio::ssl {
class context;
}

namespace ritualbot::bot::slack {

enum class ApiErrorKind {
    none,          // ok: true
    slack_error,   // ok: false with an error a retry will not fix (channel_not_found, …)
    auth,          // the token is missing, invalid or revoked
    rate_limited,  // HTTP 429 with Retry-After
    transient,     // network failure, timeout, HTTP 5xx, Slack's internal_error
};

struct ApiResult {
    ApiErrorKind kind = ApiErrorKind::none;
    std::string error;  // Slack's error code or a network error description
    int http_status = 0;
    nlohmann::json body;
    std::optional<std::chrono::seconds> retry_after;
    std::string oauth_scopes;  // the x-oauth-scopes header, when Slack sends it
    bool ok() const { return kind == ApiErrorKind::none; }
    bool retryable() const {
        return kind == ApiErrorKind::rate_limited || kind == ApiErrorKind::transient;
    }
};

// A file's bytes fetched from its private URL (files.info's url_private_download).
struct Download {
    std::string error;  // empty on success: what went wrong, for a person (never the token)
    bool too_large = false;
    std::string content_type;
    std::string body;
    bool ok() const { return error.empty(); }
};

class WebApiClient {
public:
    // `base` is SLACK_API_URL ("https://slack.com/api/"); `tls` must outlive the client.
    WebApiClient(boost::asio::any_io_executor executor, boost::asio::ssl::context& tls,
                 config::Url base, std::string token);
    ~WebApiClient();
    WebApiClient(const WebApiClient&) = delete;
    WebApiClient& operator=(const WebApiClient&) = delete;

    boost::asio::awaitable<ApiResult> call(std::string method, nlohmann::json args);

    // Waits out 429s (Retry-After) and retries transient failures with backoff, at most
    // `max_attempts` calls in all.
    boost::asio::awaitable<ApiResult> call_with_retries(std::string method, nlohmann::json args,
                                                        int max_attempts = 5);

    // Follows response_metadata.next_cursor and concatenates the `items_key` arrays into the
    // returned body, at most `max_pages` pages.
    boost::asio::awaitable<ApiResult> paginate(std::string method, nlohmann::json args,
                                               std::string items_key, int max_pages = 100);

    // GET of a file's private URL with the token, refused unless the URL is HTTPS on the API's
    // host or one below it (files.slack.com for slack.com), so the token never goes elsewhere.
    // A body over `max_bytes` is not read: too_large. A redirect or an HTML page (Slack's
    // answer when the token may not read the file) is an error, not the file.
    boost::asio::awaitable<Download> download(std::string url, std::size_t max_bytes);

    // POST of a file's bytes to the upload URL files.getUploadURLExternal returned, over HTTPS
    // only and without the token (the signed URL is the permission). HTTP 200 is ok; a 5xx or
    // a network failure is transient; anything else is a slack_error. The URL (signed, so
    // secret-ish) appears in no error text.
    boost::asio::awaitable<ApiResult> upload(std::string url, std::string bytes);

    // Drops idle keep-alive connections (on shutdown).
    void close();

    static constexpr std::chrono::seconds kConnectTimeout{10};
    static constexpr std::chrono::seconds kRequestTimeout{30};

private:
    boost::asio::awaitable<ApiResult> call_once(std::string method, nlohmann::json args);

    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// The body encoding: JSON for write methods that accept it, form fields (nested values as
// JSON strings) for every other method, as Slack recommends.
bool sends_json_body(const std::string& method);
std::string form_encode(const nlohmann::json& args);

}  // namespace ritualbot::bot::slack
