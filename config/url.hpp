#pragma once

// Parsing of the URLs and addresses ritualbot connects to or listens on: SLACK_API_URL, the
// wss:// URL returned by apps.connections.open, RITUALBOT_HTTP_ADDR.
// Pure functions; safe from any thread.

#include <optional>
#include <string>
#include <string_view>

namespace ritualbot::config {

struct Url {
    std::string scheme;  // lowercase: http, https, ws or wss
    std::string host;    // IPv6 literals without brackets
    std::string port;    // explicit, or 443 for https/wss and 80 for http/ws
    std::string path;    // from the first '/' after the host, query included; "/" when absent
};

// Accepts scheme://host[:port][/path][?query]. Rejects an unknown scheme, an empty or malformed
// host, user info ("user@host"), a port outside 1..65535 and any whitespace. The fragment is
// dropped: it is never sent to a server.
std::optional<Url> parse_url(std::string_view text);

struct HostPort {
    std::string host;  // IPv6 literals without brackets
    std::string port;  // "0" allowed, for "any free port" in tests
};

// "127.0.0.1:8080", "localhost:0", "[::1]:8080".
std::optional<HostPort> parse_host_port(std::string_view text);

}  // namespace ritualbot::config
