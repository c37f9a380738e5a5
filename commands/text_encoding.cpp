#include "commands/text_encoding.hpp"

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstring>

namespace ritualbot::commands {
namespace {

// Length of the well-formed UTF-8 sequence at text[i], or 0 if there is none.
std::size_t sequence_length(std::string_view text, std::size_t i) {
    const auto at = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char lead = at(i);
    if (lead < 0x80) return 1;
    std::size_t length = 0;
    unsigned char low = 0x80, high = 0xBF;  // the range of the second byte
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        if (lead == 0xE0) low = 0xA0;   // overlong
        if (lead == 0xED) high = 0x9F;  // surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        if (lead == 0xF0) low = 0x90;   // overlong
        if (lead == 0xF4) high = 0x8F;  // above U+10FFFF
    } else {
        return 0;
    }
    if (i + length > text.size()) return 0;
    if (at(i + 1) < low || at(i + 1) > high) return 0;
    for (std::size_t k = 2; k < length; ++k) {
        if (at(i + k) < 0x80 || at(i + k) > 0xBF) return 0;
    }
    return length;
}

// The first position at or after `i` that holds a byte ≥ 0x80 (or the end). Eight bytes at a
// time: nearly all of an import is ASCII, and this scan runs over every field.
std::size_t skip_ascii(std::string_view text, std::size_t i) {
    constexpr std::uint64_t kHighBits = 0x8080808080808080ULL;
    while (i + sizeof(std::uint64_t) <= text.size()) {
        std::uint64_t word = 0;
        std::memcpy(&word, text.data() + i, sizeof word);
        if ((word & kHighBits) != 0) break;
        i += sizeof word;
    }
    while (i < text.size() && static_cast<unsigned char>(text[i]) < 0x80) ++i;
    return i;
}

bool undefined_in_windows1252(unsigned char byte) {
    return byte == 0x81 || byte == 0x8D || byte == 0x8F || byte == 0x90 || byte == 0x9D;
}

// Code points of 0x80–0x9F in Windows-1252; 0 where it defines none.
constexpr std::array<std::uint16_t, 32> kHighControls = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

void append_utf8(std::string& out, std::uint32_t code_point) {
    if (code_point < 0x80) {
        out += static_cast<char>(code_point);
    } else if (code_point < 0x800) {
        out += static_cast<char>(0xC0 | (code_point >> 6));
        out += static_cast<char>(0x80 | (code_point & 0x3F));
    } else {
        out += static_cast<char>(0xE0 | (code_point >> 12));
        out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code_point & 0x3F));
    }
}

}  // namespace

std::optional<InvalidUtf8> find_invalid_utf8(std::string_view text) {
    std::size_t i = 0;
    while ((i = skip_ascii(text, i)) < text.size()) {
        const std::size_t length = sequence_length(text, i);
        if (length == 0) return InvalidUtf8{i, static_cast<unsigned char>(text[i])};
        i += length;
    }
    return std::nullopt;
}

void EncodingEvidence::add(std::string_view text) {
    std::size_t i = 0;
    while ((i = skip_ascii(text, i)) < text.size()) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (undefined_in_windows1252(byte)) windows1252_ = false;
        const std::size_t length = sequence_length(text, i);
        if (length == 0) {
            saw_invalid_ = true;
            ++i;
        } else {
            saw_utf8_ = true;
            i += length;
        }
    }
}

std::string windows1252_to_utf8(std::string_view text) {
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte >= 0x80 && byte <= 0x9F) {
            const std::uint16_t mapped = kHighControls[byte - 0x80];
            append_utf8(out, mapped != 0 ? mapped : 0xFFFD);
        } else {
            append_utf8(out, byte);  // Latin-1 and Windows-1252 agree on the rest
        }
    }
    return out;
}

std::string describe_invalid_utf8(std::string_view text, const InvalidUtf8& invalid) {
    // Characters before it, counting each well-formed sequence once.
    std::size_t character = 1;
    for (std::size_t i = 0; i < invalid.offset;) {
        const std::size_t length = sequence_length(text, i);
        i += length == 0 ? 1 : length;
        ++character;
    }
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02X", invalid.byte);
    return "byte " + std::string(hex) + " at character " + std::to_string(character) +
           " is not UTF-8";
}

}  // namespace ritualbot::commands
