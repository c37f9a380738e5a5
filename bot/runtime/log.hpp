#pragma once
// One line per event on stderr: `2026-11-22T18:00:00.123Z info socket.connected connection=1`
// (values quoted when they contain spaces; control characters such as \r or ESC, which may come
// from a request, escaped as \r or \x1b so they cannot forge a line), or with the json format
// `{"ts":"…","level":"info","event":"socket.connected","connection":"1"}`. Callers pass secrets only through
// config::redact(); nothing here can tell a token from any other string.
// Not thread-safe by design: the bot logs from its one io thread (and from main before that).

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace ritualbot::bot::log {

enum class Level { debug, info, warn, error };

// Accepts "debug", "info", "warn", "error"; anything else leaves the level unchanged and
// returns false.
bool set_level(std::string_view name);
// "text" (key=value, the default) or "json" (one object per line); false if unknown.
bool set_format(std::string_view name);

using Field = std::pair<std::string_view, std::string>;
void write(Level level, std::string_view event, std::initializer_list<Field> fields = {});

// How `value` appears after `key=` in a text line.
std::string text_value(const std::string& value);

inline void debug(std::string_view e, std::initializer_list<Field> f = {}) { write(Level::debug, e, f); }
inline void info(std::string_view e, std::initializer_list<Field> f = {}) { write(Level::info, e, f); }
inline void warn(std::string_view e, std::initializer_list<Field> f = {}) { write(Level::warn, e, f); }
inline void error(std::string_view e, std::initializer_list<Field> f = {}) { write(Level::error, e, f); }

}  // namespace ritualbot::bot::log
