#pragma once
// The bot's small HTTP/1.1 listener (health, readiness, metrics, ticket ingestion). Plain
// HTTP, meant for loopback or a private network behind a proxy. Handlers run on the io
// thread and get the whole (size-limited) body (a deferred one hands slow work to the worker
// and answers when it is done); a body over the limit is answered 413 without
// calling the handler, and a body is read only once its header named a route. Keep-alive, a
// deadline on every read and write, at most 64 connections at once (503 beyond), and a pause
// after a failed accept (out of file descriptors) instead of a busy loop.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace ritualbot::bot::http {

struct Request {
    std::string method;                          // "GET", "POST"
    std::string path;                            // "/ingest/tickets"
    std::map<std::string, std::string> query;    // decoded query parameters
    std::map<std::string, std::string> headers;  // names lower-cased
    std::string body;
    std::string header(const std::string& lower_name) const;
};

struct Response {
    int status = 200;
    std::string content_type = "text/plain; charset=utf-8";
    std::string body;
};

using Handler = std::function<Response(const Request&)>;
// Answers a request once, on the io thread; may be called after the handler returned (when
// the worker has done the job).
using Respond = std::function<void(Response)>;
using DeferredHandler = std::function<void(const Request&, Respond)>;
// Runs before every route; an answer it returns is sent instead of calling the route.
using Guard = std::function<std::optional<Response>(const Request&)>;

class Server {
public:
    Server(boost::asio::any_io_executor executor, std::size_t max_body_bytes);
    ~Server();

    void route(const std::string& method, const std::string& path, Handler handler);
    // A route answered later: the connection waits (up to kDeferredAnswerTimeout, then 504)
    // for `respond`, while the io thread serves everything else.
    void route_deferred(const std::string& method, const std::string& path,
                        DeferredHandler handler);
    void guard(Guard guard);

    // Binds and listens; returns the port (useful with port 0). Throws std::runtime_error
    // naming the address when it cannot bind.
    unsigned short listen(const std::string& host, const std::string& port);

    boost::asio::awaitable<void> run();  // accepts until stop()
    void stop();

    // A deferred answer is a worker job; a job bounded by the 8 MiB body limit takes seconds,
    // so this only ends the wait of a client whose answer was lost.
    static constexpr std::chrono::minutes kDeferredAnswerTimeout{5};

    struct Impl;  // defined in the .cpp, shared with the session coroutines

private:
    std::shared_ptr<Impl> impl_;
};

// "a%20b+c" -> "a b c"
std::string url_decode(const std::string& text);

}  // namespace ritualbot::bot::http
