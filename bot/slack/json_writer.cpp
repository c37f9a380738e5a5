#include "bot/slack/json_writer.hpp"

#include <cstdint>
#include <cstring>
#include <string_view>

namespace ritualbot::bot::slack {
namespace {

// Length of the well-formed UTF-8 sequence starting at text[i] (RFC 3629: no overlongs, no
// surrogates, nothing above U+10FFFF), or 0 when it is not one.
std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[i + k]); };
    const auto continuation = [&](std::size_t k) { return (byte(k) & 0xC0) == 0x80; };
    const unsigned char lead = byte(0);
    const std::size_t left = text.size() - i;
    if (lead >= 0xC2 && lead <= 0xDF) return left >= 2 && continuation(1) ? 2 : 0;
    if (lead >= 0xE0 && lead <= 0xEF) {
        if (left < 3 || !continuation(1) || !continuation(2)) return 0;
        if (lead == 0xE0 && byte(1) < 0xA0) return 0;   // overlong
        if (lead == 0xED && byte(1) >= 0xA0) return 0;  // UTF-16 surrogate
        return 3;
    }
    if (lead >= 0xF0 && lead <= 0xF4) {
        if (left < 4 || !continuation(1) || !continuation(2) || !continuation(3)) return 0;
        if (lead == 0xF0 && byte(1) < 0x90) return 0;   // overlong
        if (lead == 0xF4 && byte(1) >= 0x90) return 0;  // above U+10FFFF
        return 4;
    }
    return 0;
}

// A byte JSON takes as it is: printable ASCII other than '"' and '\\'.
bool plain(unsigned char c) {
    return c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
}

// The first position at or after `i` not followed by 8 plain bytes, tested 8 bytes at a time:
// most of an ack is such text.
std::size_t skip_plain_words(std::string_view text, std::size_t i) {
    constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
    constexpr std::uint64_t kHighs = 0x8080808080808080ULL;
    // High bit set in each byte of `x` below n (for n <= 128), or any byte with its own high bit.
    const auto below = [](std::uint64_t x, std::uint64_t n) { return (x - kOnes * n) | x; };
    const auto zero_byte = [](std::uint64_t x) { return (x - kOnes) & ~x & kHighs; };
    for (; i + 8 <= text.size(); i += 8) {
        std::uint64_t word;
        std::memcpy(&word, text.data() + i, 8);
        if ((below(word, 0x20) & kHighs) != 0 || zero_byte(word ^ (kOnes * '"')) != 0 ||
            zero_byte(word ^ (kOnes * '\\')) != 0) {
            break;
        }
    }
    return i;
}

// JSON's two-character escapes, which dump() prefers to \u00XX; empty for other bytes.
std::string_view short_escape(unsigned char c) {
    switch (c) {
        case '"':
            return "\\\"";
        case '\\':
            return "\\\\";
        case '\b':
            return "\\b";
        case '\t':
            return "\\t";
        case '\n':
            return "\\n";
        case '\f':
            return "\\f";
        case '\r':
            return "\\r";
        default:
            return {};
    }
}

void append_escaped_slow(std::string& out, const std::string& text) {
    out += nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void append_string(std::string& out, const std::string& text) {
    const std::size_t start = out.size();
    out += '"';
    std::size_t run = 0;  // start of the plain bytes not yet copied
    std::size_t i = 0;
    const auto flush = [&] { out.append(text, run, i - run); };
    while (i < text.size()) {
        i = skip_plain_words(text, i);
        if (i == text.size()) break;
        const auto c = static_cast<unsigned char>(text[i]);
        if (plain(c)) {
            ++i;
            continue;
        }
        if (c >= 0x80) {
            const std::size_t length = utf8_sequence_length(text, i);
            if (length == 0) {  // replaced with U+FFFD exactly as dump() does it
                out.resize(start);
                append_escaped_slow(out, text);
                return;
            }
            i += length;
            continue;
        }
        flush();
        if (const std::string_view escape = short_escape(c); !escape.empty()) {
            out += escape;
        } else {  // the other control characters
            constexpr std::string_view kHex = "0123456789abcdef";
            out += "\\u00";
            out += kHex[c >> 4];
            out += kHex[c & 0xF];
        }
        run = ++i;
    }
    flush();
    out += '"';
}

}  // namespace

void append_json(std::string& out, const nlohmann::json& value) {
    switch (value.type()) {
        case nlohmann::json::value_t::object: {
            out += '{';
            bool first = true;
            for (const auto& [key, member] : value.items()) {
                if (!first) out += ',';
                first = false;
                append_string(out, key);
                out += ':';
                append_json(out, member);
            }
            out += '}';
            return;
        }
        case nlohmann::json::value_t::array: {
            out += '[';
            bool first = true;
            for (const auto& element : value) {
                if (!first) out += ',';
                first = false;
                append_json(out, element);
            }
            out += ']';
            return;
        }
        case nlohmann::json::value_t::string:
            append_string(out, value.get_ref<const std::string&>());
            return;
        default:  // numbers, booleans, null, binary: short, and dump() knows their every rule
            out += value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    }
}

}  // namespace ritualbot::bot::slack
