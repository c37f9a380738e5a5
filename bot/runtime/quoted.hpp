#pragma once
// The one quoting rule of the log's key=value lines and of Prometheus label values: inside
// double quotes, '"' and '\' take a backslash and a newline is written as \n.

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

}  // namespace ritualbot::bot
