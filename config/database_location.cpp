#include "config/database_location.hpp"

namespace ritualbot::config {
namespace {

constexpr std::string_view kSqliteScheme = "sqlite://";
constexpr std::string_view kPostgresSchemes[] = {"postgresql://", "postgres://"};
constexpr std::string_view kMask = "***";

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
    if (text.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        const char c = text[i];
        const char lower = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
        if (lower != prefix[i]) return false;
    }
    return true;
}

// "scheme:" followed by "//": a URL rather than a file path with a colon in it.
bool looks_like_url(std::string_view text) {
    const auto colon = text.find("://");
    if (colon == std::string_view::npos || colon == 0) return false;
    for (const char c : text.substr(0, colon)) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
        if (!ok) return false;
    }
    return true;
}

}  // namespace

std::optional<DatabaseLocation> parse_database_location(std::string_view text) {
    if (text.empty()) return std::nullopt;
    for (const std::string_view scheme : kPostgresSchemes) {
        if (starts_with_ignoring_case(text, scheme)) {
            return DatabaseLocation{DatabaseEngine::postgresql, std::string(text),
                                    mask_database_url(text)};
        }
    }
    if (starts_with_ignoring_case(text, kSqliteScheme)) {
        const std::string path(text.substr(kSqliteScheme.size()));
        if (path.empty()) return std::nullopt;
        return DatabaseLocation{DatabaseEngine::sqlite, path, path};
    }
    if (looks_like_url(text)) return std::nullopt;
    return DatabaseLocation{DatabaseEngine::sqlite, std::string(text), std::string(text)};
}

std::string mask_database_url(std::string_view url) {
    std::string masked(url);
    const auto authority = masked.find("://");
    if (authority != std::string::npos) {
        const std::size_t start = authority + 3;
        const std::size_t end = masked.find_first_of("/?", start);
        const std::size_t at = masked.rfind('@', end == std::string::npos ? masked.size() : end);
        if (at != std::string::npos && at >= start) {
            const std::size_t colon = masked.find(':', start);
            if (colon != std::string::npos && colon < at) {
                masked.replace(colon + 1, at - colon - 1, kMask);
            }
        }
    }
    // A password given as a query parameter: ?password=… or &password=…
    for (std::size_t from = masked.find('?'); from != std::string::npos;) {
        const std::size_t key = from + 1;
        const std::size_t next = masked.find('&', key);
        const std::size_t stop = next == std::string::npos ? masked.size() : next;
        if (masked.compare(key, 9, "password=") == 0 && stop > key + 9) {
            masked.replace(key + 9, stop - key - 9, kMask);
            from = masked.find('&', key + 9);
        } else {
            from = next;
        }
    }
    return masked;
}

}  // namespace ritualbot::config
