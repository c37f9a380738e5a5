#include "bot/http/host_allowlist.hpp"

#include <algorithm>
#include <cctype>

namespace ritualbot::bot::http {

namespace {

std::string_view trim(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
    return text;
}

}  // namespace

std::string host_name_of(std::string_view host_header) {
    std::string_view host = trim(host_header);
    if (!host.empty() && host.front() == '[') {
        const auto close = host.find(']');
        host = close == std::string_view::npos ? host.substr(1) : host.substr(1, close - 1);
    } else if (std::count(host.begin(), host.end(), ':') == 1) {
        host = host.substr(0, host.find(':'));
    }
    if (!host.empty() && host.back() == '.') host.remove_suffix(1);  // "localhost." is localhost
    std::string name(host);
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return name;
}

HostAllowlist::HostAllowlist(const std::string& listen_host, const std::string& extra)
    : names_{"localhost", "127.0.0.1", "::1"} {
    names_.insert(host_name_of(listen_host));
    std::string_view rest = extra;
    while (!rest.empty()) {
        const auto comma = rest.find(',');
        const std::string name = host_name_of(rest.substr(0, comma));
        if (!name.empty()) names_.insert(name);
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    }
}

bool HostAllowlist::allows(std::string_view host_header) const {
    return names_.count(host_name_of(host_header)) != 0;
}

std::optional<Response> HostAllowlist::refusal(const Request& request) const {
    const auto host = request.headers.find("host");
    if (host == request.headers.end() || allows(host->second)) return std::nullopt;
    return Response{421, "text/plain; charset=utf-8",
                    "this listener does not answer to that Host; add the name to "
                    "RITUALBOT_HTTP_ALLOWED_HOSTS if it is yours\n"};
}

}  // namespace ritualbot::bot::http
