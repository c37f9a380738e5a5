#pragma once
// The Socket Mode client: asks apps.connections.open for a fresh URL, holds a TLS websocket to
// it, hands every envelope to the handler and sends the ack (with the handler's payload) as
// one unfragmented frame. Reconnect decisions come from ReconnectPolicy; on a `disconnect`
// warning or refresh it opens the replacement first and closes the old socket after the new
// one said hello. A watchdog pings after silence and drops a socket that stays silent.
// Runs on one io thread; the handler is called on that thread and must not block for long.

#include "bot/slack/envelope.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <string>

namespace boost::asio::ssl {
class context;
}

namespace ritualbot::bot::slack {

class WebApiClient;

struct SocketModeOptions {
    std::chrono::seconds ping_after_silence{10};  // send our own ping after this long unheard
    std::chrono::seconds dead_after_silence{30};  // then give the socket up
    std::chrono::seconds hello_timeout{30};       // from dialling to `hello`
    std::chrono::milliseconds backoff_base{1000};
    std::chrono::milliseconds backoff_cap{120'000};
};

class SocketModeClient {
public:
    // Returns the ack payload for the envelope (null for a bare ack). Must not throw.
    using EnvelopeHandler = std::function<nlohmann::json(const Envelope&)>;

    // `app_api` carries the app-level token; `tls` and `app_api` must outlive the client.
    SocketModeClient(boost::asio::any_io_executor executor, boost::asio::ssl::context& tls,
                     WebApiClient& app_api, EnvelopeHandler handler,
                     SocketModeOptions options = {});
    ~SocketModeClient();

    // Serves until stop() (returns an empty string) or until Slack says retrying is pointless
    // (returns the reason, for the operator).
    boost::asio::awaitable<std::string> run();
    void stop();

    int open_connections() const;
    bool connected() const;  // a socket said hello and is still open

    struct Impl;  // defined in the .cpp, shared with the coroutines that outlive calls

private:
    std::shared_ptr<Impl> impl_;
};

}  // namespace ritualbot::bot::slack
