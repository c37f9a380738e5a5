#include "config/redact.hpp"

#include <cstddef>

namespace ritualbot::config {
namespace {

constexpr std::size_t kMinRevealLength = 12;
constexpr std::size_t kTailWithPrefix = 4;
constexpr std::size_t kTailWithoutPrefix = 2;
constexpr std::size_t kMaxPrefixLetters = 4;
constexpr std::string_view kEllipsis = "…";

// Only a token-type prefix like "xoxb-" is shown; anything longer before the first '-' could be
// part of the secret itself.
std::string_view type_prefix(std::string_view secret) {
    const auto dash = secret.find('-');
    if (dash == std::string_view::npos || dash < 2 || dash > kMaxPrefixLetters) {
        return {};
    }
    for (std::size_t i = 0; i < dash; ++i) {
        if (secret[i] < 'a' || secret[i] > 'z') {
            return {};
        }
    }
    return secret.substr(0, dash + 1);
}

void append_printable(std::string& out, std::string_view text) {
    static constexpr char kHex[] = "0123456789abcdef";
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c == '\t') {
            out += "\\t";
        } else if (byte < 0x20 || byte >= 0x7f) {
            out += "\\x";
            out += kHex[byte >> 4];
            out += kHex[byte & 0x0f];
        } else {
            out += c;
        }
    }
}

}  // namespace

std::string redact(std::string_view secret) {
    const std::string_view prefix = type_prefix(secret);
    std::string out{prefix};
    out += kEllipsis;
    if (secret.size() < kMinRevealLength) {
        return out;
    }
    const std::size_t tail = prefix.empty() ? kTailWithoutPrefix : kTailWithPrefix;
    append_printable(out, secret.substr(secret.size() - tail));
    return out;
}

}  // namespace ritualbot::config
