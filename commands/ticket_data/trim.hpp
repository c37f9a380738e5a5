#pragma once
// The one trim of ticket text (values, headers, --map items): blanks, tabs and line ends at
// either end. Most values have none, so that case returns at once (an import calls this for
// every field of every row).
// Pure; safe from any thread.

#include <string_view>

namespace ritualbot::commands {

inline bool is_blank(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

inline std::string_view trim_blanks(std::string_view text) {
    if (text.empty() || (!is_blank(text.front()) && !is_blank(text.back()))) return text;
    constexpr std::string_view kBlank = " \t\r\n";
    const std::size_t first = text.find_first_not_of(kBlank);
    if (first == std::string_view::npos) return {};
    return text.substr(first, text.find_last_not_of(kBlank) - first + 1);
}

}  // namespace ritualbot::commands
