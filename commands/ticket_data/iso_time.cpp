#include "commands/ticket_data/iso_time.hpp"

#include <chrono>
#include <cstdio>

namespace ritualbot::commands {
namespace {

// Reads exactly `count` digits at `pos`, advancing it; false if any is not a digit.
bool read_digits(std::string_view text, std::size_t& pos, std::size_t count, int& out) {
    if (pos + count > text.size()) return false;
    int value = 0;
    for (std::size_t i = 0; i < count; ++i) {
        const char c = text[pos + i];
        if (c < '0' || c > '9') return false;
        value = value * 10 + (c - '0');
    }
    pos += count;
    out = value;
    return true;
}

bool at(std::string_view text, std::size_t pos, char c) {
    return pos < text.size() && text[pos] == c;
}

}  // namespace

std::optional<std::int64_t> parse_iso8601_ms(std::string_view text) {
    using namespace std::chrono;
    std::size_t pos = 0;
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    if (!read_digits(text, pos, 4, y) || !at(text, pos++, '-') || !read_digits(text, pos, 2, mo) ||
        !at(text, pos++, '-') || !read_digits(text, pos, 2, d)) {
        return std::nullopt;
    }
    if (!(at(text, pos, 'T') || at(text, pos, 't') || at(text, pos, ' '))) return std::nullopt;
    ++pos;
    if (!read_digits(text, pos, 2, h) || !at(text, pos++, ':') || !read_digits(text, pos, 2, mi)) {
        return std::nullopt;
    }
    if (at(text, pos, ':')) {
        ++pos;
        if (!read_digits(text, pos, 2, s)) return std::nullopt;
    }
    int millis = 0;
    if (at(text, pos, '.') || at(text, pos, ',')) {
        ++pos;
        int scale = 100;
        const std::size_t first = pos;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
            millis += (text[pos] - '0') * scale;  // digits past milliseconds are dropped
            scale /= 10;
            ++pos;
        }
        if (pos == first) return std::nullopt;
    }
    int offset_minutes = 0;
    if (at(text, pos, 'Z') || at(text, pos, 'z')) {
        ++pos;
    } else if (at(text, pos, '+') || at(text, pos, '-')) {
        const int sign = text[pos++] == '-' ? -1 : 1;
        int oh = 0, om = 0;
        if (!read_digits(text, pos, 2, oh)) return std::nullopt;
        if (at(text, pos, ':')) ++pos;
        if (pos < text.size() && !read_digits(text, pos, 2, om)) return std::nullopt;
        if (oh > 23 || om > 59) return std::nullopt;
        offset_minutes = sign * (oh * 60 + om);
    } else {
        return std::nullopt;
    }
    if (pos != text.size()) return std::nullopt;
    // 24:00 is not accepted; 60 seconds (a leap second) is folded into the next minute.
    if (h > 23 || mi > 59 || s > 60) return std::nullopt;
    const year_month_day date{year{y}, month{static_cast<unsigned>(mo)},
                              day{static_cast<unsigned>(d)}};
    if (!date.ok()) return std::nullopt;
    const std::int64_t days = sys_days{date}.time_since_epoch().count();
    const std::int64_t seconds =
        days * 86400 + h * 3600 + mi * 60 + s - static_cast<std::int64_t>(offset_minutes) * 60;
    return seconds * 1000 + millis;
}

std::string format_iso8601_utc(std::int64_t unix_ms) {
    using namespace std::chrono;
    const sys_time<milliseconds> t{milliseconds{unix_ms}};
    const sys_days day = floor<days>(t);
    const year_month_day date{day};
    const hh_mm_ss<milliseconds> time{t - day};
    char buffer[40];
    const int ms = static_cast<int>(time.subseconds().count());
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02d", int(date.year()),
                  unsigned(date.month()), unsigned(date.day()), int(time.hours().count()),
                  int(time.minutes().count()), int(time.seconds().count()));
    std::string out = buffer;
    if (ms != 0) {
        std::snprintf(buffer, sizeof buffer, ".%03d", ms);
        out += buffer;
    }
    return out + "Z";
}

}  // namespace ritualbot::commands
