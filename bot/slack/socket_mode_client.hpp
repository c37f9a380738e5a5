#pragma once
// The Socket Mode client: asks apps.connections.open for a fresh URL, holds a TLS websocket to
// it, hands every envelope to the handler and sends the ack (with the handler's payload) as
// one unfragmented frame. Reconnect decisions come from ReconnectPolicy; on a `disconnect`
// warning or refresh it opens the replacement first and closes the old socket after the new
// one said hello. A watchdog pings after silence and drops a socket that stays silent.
// Runs on one io thread; the handler is called on that thread and must not block for long.

#include "bot/slack/envelope_handler.hpp"
#include "bot/slack/socket_mode_options.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <memory>
#include <string>

namespace boost::asio::ssl {
class context;
}

namespace ritualbot::bot::slack {

class WebApiClient;

class SocketModeClient {
public:
    // `app_api` carries the app-level token; `tls`, `app_api` and `handler` must outlive the
    // client.
    SocketModeClient(boost::asio::any_io_executor executor, boost::asio::ssl::context& tls,
                     WebApiClient& app_api, EnvelopeHandler& handler,
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
