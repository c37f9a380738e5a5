#pragma once
// A minimal HTTP/1.0 client over a POSIX socket for poking the bot's listener on 127.0.0.1
// from end-to-end tests (no Beast here: this header is included by fast-compiling tests).

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <string>

namespace ritualbot::testing {

struct HttpAnswer {
    int status = 0;  // 0: no answer
    std::string body;
};

inline HttpAnswer http_request(int port, const std::string& method, const std::string& target,
                               const std::string& headers = {}, const std::string& body = {}) {
    HttpAnswer answer;
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return answer;
    timeval timeout{5, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    ::inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
        // Headers starting with "Host:" replace the default one.
        const std::string host = headers.rfind("Host:", 0) == 0 ? "" : "Host: 127.0.0.1\r\n";
        const std::string request = method + " " + target + " HTTP/1.0\r\n" + host +
                                    headers + "Content-Length: " + std::to_string(body.size()) +
                                    "\r\n\r\n" + body;
        if (::send(fd, request.data(), request.size(), MSG_NOSIGNAL) ==
            static_cast<ssize_t>(request.size())) {
            std::string raw;
            char buffer[4096];
            for (int reads = 0; reads < 10000; ++reads) {
                const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
                if (n <= 0) break;
                raw.append(buffer, static_cast<std::size_t>(n));
            }
            const auto space = raw.find(' ');
            const auto blank = raw.find("\r\n\r\n");
            if (space != std::string::npos && blank != std::string::npos) {
                answer.status = std::stoi(raw.substr(space + 1, 3));
                answer.body = raw.substr(blank + 4);
            }
        }
    }
    ::close(fd);
    return answer;
}

// The port from the bot's "http.listening addr=127.0.0.1:PORT" log line; 0 if absent.
inline int listening_port(const std::string& log) {
    const std::string marker = "http.listening addr=127.0.0.1:";
    const auto at = log.find(marker);
    return at == std::string::npos ? 0 : std::stoi(log.substr(at + marker.size()));
}

}  // namespace ritualbot::testing
