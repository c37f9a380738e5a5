#include "commands/ticket_data/export_time.hpp"

#include <string>

#include "commands/schedule/local_time.hpp"
#include "commands/ticket_data/iso_time.hpp"

namespace ritualbot::commands {
namespace {

bool ends_with_word(std::string_view text, std::string_view word) {
    return text.size() > word.size() && text.ends_with(word) &&
           text[text.size() - word.size() - 1] == ' ';
}

}  // namespace

std::optional<ExportTime> parse_export_time(std::string_view text, const date::time_zone* zone) {
    if (const auto ms = parse_iso8601_ms(text)) return ExportTime{*ms, false};
    // "… 09:15:00 +0100": the offset written after a blank.
    const std::size_t blank = text.rfind(' ');
    if (blank != std::string_view::npos && blank + 1 < text.size() &&
        (text[blank + 1] == '+' || text[blank + 1] == '-')) {
        std::string joined(text.substr(0, blank));
        joined.append(text.substr(blank + 1));
        if (const auto ms = parse_iso8601_ms(joined)) return ExportTime{*ms, false};
        return std::nullopt;
    }
    for (const std::string_view utc : {"UTC", "GMT"}) {
        if (!ends_with_word(text, utc)) continue;
        std::string joined(text.substr(0, text.size() - utc.size() - 1));
        joined += 'Z';
        if (const auto ms = parse_iso8601_ms(joined)) return ExportTime{*ms, false};
        return std::nullopt;
    }
    // No offset: read the same digits as UTC, then move them to the zone's local time.
    std::string as_utc(text);
    as_utc += 'Z';
    const auto naive = parse_iso8601_ms(as_utc);
    if (!naive) return std::nullopt;
    const std::int64_t ms_of_day = ((*naive % 86400000) + 86400000) % 86400000;
    const std::int64_t day_ms = *naive - ms_of_day;
    const LocalDate day{date::days{static_cast<int>(day_ms / 86400000)}};
    const auto minutes = std::chrono::minutes{ms_of_day / 60000};
    const std::int64_t start =
        to_unix_ms(to_utc(zone ? zone : date::locate_zone("UTC"), day, minutes));
    return ExportTime{start + ms_of_day % 60000, true};
}

}  // namespace ritualbot::commands
