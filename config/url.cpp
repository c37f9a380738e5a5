#include "config/url.hpp"

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <utility>

namespace ritualbot::config {
namespace {

constexpr std::size_t kMaxPortDigits = 5;
constexpr int kMaxPort = 65535;
constexpr int kMaxOctet = 255;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool all_of(std::string_view text, bool (*pred)(char)) {
    return std::all_of(text.begin(), text.end(), pred);
}

std::optional<int> parse_port_number(std::string_view text) {
    if (text.empty() || text.size() > kMaxPortDigits || !all_of(text, is_digit)) {
        return std::nullopt;
    }
    int value = 0;
    for (const char c : text) {
        value = value * 10 + (c - '0');
    }
    if (value > kMaxPort) {
        return std::nullopt;
    }
    return value;
}

bool valid_ipv4(std::string_view text) {
    int octets = 0;
    std::size_t start = 0;
    while (true) {
        const std::size_t dot = text.find('.', start);
        const std::string_view octet = text.substr(start, dot - start);
        if (octet.empty() || octet.size() > 3 || !all_of(octet, is_digit)) {
            return false;
        }
        int value = 0;
        for (const char c : octet) {
            value = value * 10 + (c - '0');
        }
        if (value > kMaxOctet) {
            return false;
        }
        ++octets;
        if (dot == std::string_view::npos) {
            break;
        }
        start = dot + 1;
    }
    return octets == 4;
}

bool valid_ipv6(std::string_view text) {
    const auto allowed = [](char c) {
        return std::isxdigit(static_cast<unsigned char>(c)) != 0 || c == ':' || c == '.';
    };
    return text.find(':') != std::string_view::npos && all_of(text, +allowed);
}

bool valid_hostname(std::string_view text) {
    const auto digit_or_dot = [](char c) { return is_digit(c) || c == '.'; };
    // "999.1.1.1" must not slip through as a host name.
    if (all_of(text, +digit_or_dot)) {
        return valid_ipv4(text);
    }
    std::size_t start = 0;
    while (true) {
        const std::size_t dot = text.find('.', start);
        const std::string_view label = text.substr(start, dot - start);
        const auto label_char = [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_';
        };
        if (label.empty() || !all_of(label, +label_char)) {
            return false;
        }
        if (dot == std::string_view::npos) {
            return true;
        }
        start = dot + 1;
    }
}

// Splits "host", "host:port", "[v6]" or "[v6]:port". The port is empty when absent.
std::optional<HostPort> split_authority(std::string_view authority) {
    HostPort out;
    std::string_view rest;
    if (!authority.empty() && authority.front() == '[') {
        const std::size_t close = authority.find(']');
        if (close == std::string_view::npos) {
            return std::nullopt;
        }
        const std::string_view host = authority.substr(1, close - 1);
        if (!valid_ipv6(host)) {
            return std::nullopt;
        }
        out.host = host;
        rest = authority.substr(close + 1);
    } else {
        const std::size_t colon = authority.find(':');
        const std::string_view host = authority.substr(0, colon);
        if (host.empty() || !valid_hostname(host)) {
            return std::nullopt;
        }
        out.host = host;
        rest = colon == std::string_view::npos ? std::string_view{} : authority.substr(colon);
    }
    if (rest.empty()) {
        return out;
    }
    const auto port = rest.front() == ':' ? parse_port_number(rest.substr(1)) : std::nullopt;
    if (!port) {
        return std::nullopt;
    }
    out.port = std::to_string(*port);
    return out;
}

std::string lowercase(std::string_view text) {
    std::string out{text};
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::optional<std::string_view> default_port(std::string_view scheme) {
    if (scheme == "https" || scheme == "wss") {
        return "443";
    }
    if (scheme == "http" || scheme == "ws") {
        return "80";
    }
    return std::nullopt;
}

bool has_space(std::string_view text) {
    return std::any_of(text.begin(), text.end(), [](unsigned char c) {
        return std::isspace(c) != 0 || std::iscntrl(c) != 0;
    });
}

}  // namespace

std::optional<Url> parse_url(std::string_view text) {
    if (has_space(text)) {
        return std::nullopt;
    }
    const std::size_t separator = text.find("://");
    if (separator == std::string_view::npos) {
        return std::nullopt;
    }
    Url url;
    url.scheme = lowercase(text.substr(0, separator));
    const auto port_for_scheme = default_port(url.scheme);
    if (!port_for_scheme) {
        return std::nullopt;
    }
    std::string_view rest = text.substr(separator + 3);
    rest = rest.substr(0, rest.find('#'));
    const std::size_t authority_end = rest.find_first_of("/?");
    const std::string_view authority = rest.substr(0, authority_end);
    if (authority.find('@') != std::string_view::npos) {
        return std::nullopt;
    }
    auto host_port = split_authority(authority);
    if (!host_port || host_port->port == "0") {
        return std::nullopt;
    }
    url.host = std::move(host_port->host);
    url.port = host_port->port.empty() ? std::string{*port_for_scheme} : host_port->port;
    const std::string_view path =
        authority_end == std::string_view::npos ? std::string_view{} : rest.substr(authority_end);
    const bool needs_root = path.empty() || path.front() == '?';
    url.path.reserve(path.size() + 1);
    if (needs_root) url.path.push_back('/');
    url.path.append(path);
    return url;
}

std::optional<HostPort> parse_host_port(std::string_view text) {
    if (has_space(text)) {
        return std::nullopt;
    }
    auto host_port = split_authority(text);
    if (!host_port || host_port->port.empty()) {
        return std::nullopt;
    }
    return host_port;
}

}  // namespace ritualbot::config
