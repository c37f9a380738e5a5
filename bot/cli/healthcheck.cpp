// `ritualbot healthcheck`: GET /healthz on the bot's own listener, for container HEALTHCHECKs
// (the runtime image has no curl). Plain POSIX sockets: a one-shot blocking call with timeouts.

#include "bot/cli/healthcheck.hpp"

#include "config/url.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cstdio>
#include <string>

namespace ritualbot::bot {

int run_healthcheck(const config::Settings& settings) {
    const auto address = config::parse_host_port(settings.http_addr);
    if (!address) {
        std::fprintf(stderr, "RITUALBOT_HTTP_ADDR must be HOST:PORT (got %s)\n", settings.http_addr.c_str());
        return 1;
    }
    // A listener on every interface is reached through loopback.
    std::string host = address->host;
    if (host == "0.0.0.0") host = "127.0.0.1";
    if (host == "::") host = "::1";

    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    if (getaddrinfo(host.c_str(), address->port.c_str(), &hints, &found) != 0 || !found) {
        std::fprintf(stderr, "healthcheck: cannot resolve %s\n", host.c_str());
        return 1;
    }
    const int fd = socket(found->ai_family, found->ai_socktype, found->ai_protocol);
    timeval timeout{3, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
    const bool connected = fd >= 0 && connect(fd, found->ai_addr, found->ai_addrlen) == 0;
    freeaddrinfo(found);
    std::string answer;
    if (connected) {
        const std::string request = "GET /healthz HTTP/1.0\r\nHost: " + host + "\r\n\r\n";
        if (send(fd, request.data(), request.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(request.size())) {
            char buffer[512];
            const ssize_t n = recv(fd, buffer, sizeof buffer, 0);
            if (n > 0) answer.assign(buffer, static_cast<std::size_t>(n));
        }
    }
    if (fd >= 0) close(fd);
    if (answer.rfind("HTTP/1.1 200", 0) == 0 || answer.rfind("HTTP/1.0 200", 0) == 0) {
        std::puts("healthy");
        return 0;
    }
    std::fprintf(stderr, "unhealthy: no 200 from http://%s:%s/healthz\n", host.c_str(), address->port.c_str());
    return 1;
}

}  // namespace ritualbot::bot
