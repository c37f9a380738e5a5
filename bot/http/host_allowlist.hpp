#pragma once
// Which names the HTTP listener answers to, against DNS rebinding: a web page whose host name
// an attacker re-points at 127.0.0.1 still sends its own name in `Host`, so only names the
// operator expects are served. By default the loopback names and the listen address; more
// (a reverse proxy's name, a container's service name) through RITUALBOT_HTTP_ALLOWED_HOSTS.
// A request without a `Host` header (an HTTP/1.0 tool) is served: browsers always send one.
// Plain value; safe to share once built.

#include "bot/http/http_server.hpp"

#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace ritualbot::bot::http {

class HostAllowlist {
public:
    // `listen_host` from RITUALBOT_HTTP_ADDR; `extra` a comma-separated list of host names
    // (ports are ignored).
    HostAllowlist(const std::string& listen_host, const std::string& extra);

    bool allows(std::string_view host_header) const;

    // A 421 answer naming the setting when the request's Host is not allowed, else nullopt.
    std::optional<Response> refusal(const Request& request) const;

private:
    std::set<std::string> names_;
};

// "Example.COM:8080" -> "example.com", "[::1]:80" -> "::1", "::1" -> "::1".
std::string host_name_of(std::string_view host_header);

}  // namespace ritualbot::bot::http
