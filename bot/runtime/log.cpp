#include "bot/runtime/log.hpp"

#include "bot/runtime/quoted.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>

namespace ritualbot::bot::log {
namespace {

Level g_level = Level::info;
bool g_json = false;

const char* level_name(Level level) {
    switch (level) {
        case Level::debug: return "debug";
        case Level::info: return "info";
        case Level::warn: return "warn";
        case Level::error: return "error";
    }
    return "info";
}

std::string timestamp() {
    using namespace std::chrono;
    const auto now = system_clock::now();
    const std::time_t secs = system_clock::to_time_t(now);
    const auto millis = duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000;
    std::tm utc{};
    gmtime_r(&secs, &utc);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                  utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                  static_cast<int>(millis));
    return buf;
}

void append_value(std::string& line, const std::string& value) {
    const bool needs_quotes = value.empty() || value.find_first_of(" \"=\\") != std::string::npos ||
                              std::any_of(value.begin(), value.end(), is_control);
    if (!needs_quotes) {
        line += value;
        return;
    }
    append_log_quoted(line, value);
}

}  // namespace

std::string text_value(const std::string& value) {
    std::string out;
    append_value(out, value);
    return out;
}

bool set_level(std::string_view name) {
    for (Level l : {Level::debug, Level::info, Level::warn, Level::error}) {
        if (name == level_name(l)) {
            g_level = l;
            return true;
        }
    }
    return false;
}

bool set_format(std::string_view name) {
    if (name != "text" && name != "json") return false;
    g_json = name == "json";
    return true;
}

void write(Level level, std::string_view event, std::initializer_list<Field> fields) {
    if (level < g_level) return;
    if (g_json) {
        nlohmann::json object = {{"ts", timestamp()}, {"level", level_name(level)}, {"event", event}};
        for (const auto& [key, value] : fields) object[std::string(key)] = value;
        const std::string line =
            object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
        std::fwrite(line.data(), 1, line.size(), stderr);
        std::fflush(stderr);
        return;
    }
    std::string line = timestamp();
    line += ' ';
    line += level_name(level);
    line += ' ';
    line += event;
    for (const auto& [key, value] : fields) {
        line += ' ';
        line += key;
        line += '=';
        append_value(line, value);
    }
    line += '\n';
    std::fwrite(line.data(), 1, line.size(), stderr);
    std::fflush(stderr);
}

}  // namespace ritualbot::bot::log
