#include "commands/ticket_data/export_values.hpp"

#include <charconv>
#include <cmath>

#include "commands/ticket_data/export_time.hpp"
#include "commands/ticket_data/iso_time.hpp"
#include "commands/ticket_data/trim.hpp"
#include "commands/tokenizer.hpp"

namespace ritualbot::commands {
namespace {

constexpr std::size_t kMaxEcho = 40;

Error not_readable(const ColumnRule& rule, std::string_view value, std::string_view expected) {
    std::string message = std::string("column \"").append(rule.header).append("\" value \"");
    message.append(value.substr(0, kMaxEcho)).append(value.size() > kMaxEcho ? "…" : "");
    message.append("\" is not ").append(expected);
    return Error{std::move(message)};
}

// "a b", "a, b" → "a;b" (empty items dropped).
std::string_view join_list(std::string_view value, char separator, std::string& scratch) {
    scratch.clear();
    std::size_t pos = 0;
    while (pos <= value.size()) {
        const std::size_t end = std::min(value.find(separator, pos), value.size());
        const std::string_view item = trim_blanks(value.substr(pos, end - pos));
        if (!item.empty()) {
            if (!scratch.empty()) scratch += ';';
            scratch.append(item);
        }
        pos = end + 1;
    }
    return scratch;
}

}  // namespace

std::optional<std::int64_t> ExportValueReader::time_of(std::string_view value) {
    const auto time = parse_export_time(trim_blanks(value), zone_);
    if (!time) return std::nullopt;
    local_times_ = local_times_ || time->local;
    return time->unix_ms;
}

Result<std::string_view> ExportValueReader::read(const ColumnRule& rule, std::string_view value,
                                                 std::string& scratch,
                                                 std::optional<std::int64_t> created_ms) {
    value = trim_blanks(value);
    if (value.empty()) return value;  // unknown, whatever the conversion
    switch (rule.convert) {
        case Convert::text:
            return value;
        case Convert::time: {
            const auto ms = time_of(value);
            if (!ms) return not_readable(rule, value, "a date and time (e.g. 2026-11-20 09:15:00)");
            scratch = format_iso8601_utc(*ms);
            return std::string_view(scratch);
        }
        case Convert::minutes_after_created: {
            double minutes = 0;
            const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), minutes);
            if (ec != std::errc{} || end != value.data() + value.size() || minutes < 0 ||
                !std::isfinite(minutes)) {
                return not_readable(rule, value, "a number of minutes");
            }
            if (!created_ms) return std::string_view();  // no creation time: parse_ticket says so
            scratch = format_iso8601_utc(*created_ms + std::llround(minutes * 60000.0));
            return std::string_view(scratch);
        }
        case Convert::satisfaction: {
            const std::string word = to_lower(value);
            if (word == "good") return std::string_view("5");
            if (word == "bad") return std::string_view("1");
            if (word == "offered" || word == "not offered" || word == "unoffered") {
                return std::string_view();
            }
            if (value.size() == 1 && value[0] >= '1' && value[0] <= '5') return value;
            return not_readable(rule, value, "Good, Bad, Offered, Not Offered or 1–5");
        }
        case Convert::more_than_one: {
            long long count = 0;
            const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), count);
            if (ec != std::errc{} || end != value.data() + value.size() || count < 0) {
                return not_readable(rule, value, "a whole number ≥ 0");
            }
            return std::string_view(count > 1 ? "1" : "0");
        }
        case Convert::space_list:
            return join_list(value, ' ', scratch);
        case Convert::comma_list:
            return join_list(value, ',', scratch);
        case Convert::lower:
            scratch = to_lower(value);
            return std::string_view(scratch);
    }
    return value;
}

}  // namespace ritualbot::commands
