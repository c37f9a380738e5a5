#pragma once
// The quoting rule of Prometheus label values and, extended to every control character, of
// the log's key=value lines: inside double quotes, '"' and '\' take a backslash and a newline
// is written as \n.

#include <string>
#include <string_view>

namespace ritualbot::bot {

// Appends `value` to `out` in double quotes.
inline void append_quoted(std::string& out, std::string_view value) {
    out += '"';
    for (char c : value) {
        if (c == '"' || c == '\\') out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
    out += '"';
}

// A control character (\r, ESC, …) in a value taken from a request could forge a log line or
// drive a terminal.
inline bool is_control(char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte < 0x20 || byte == 0x7F;
}

// The log's variant: like append_quoted, and every other control character as \r, \t or \xHH.
inline void append_log_quoted(std::string& out, std::string_view value) {
    static constexpr char kHex[] = "0123456789abcdef";
    out += '"';
    for (char c : value) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c == '\t') {
            out += "\\t";
        } else if (is_control(c)) {
            out += "\\x";
            out += kHex[static_cast<unsigned char>(c) >> 4];
            out += kHex[static_cast<unsigned char>(c) & 0xF];
        } else {
            out += c;
        }
    }
    out += '"';
}

}  // namespace ritualbot::bot
