#pragma once

// Where the database lives, as RITUALBOT_DB names it: a file path ("./ritualbot.db"), a
// sqlite:// URL ("sqlite:///var/lib/ritualbot/db", "sqlite://relative.db") or a PostgreSQL URL
// ("postgresql://user@host/db", "postgres://…"; "postgresql://" alone takes everything from the
// PG* variables, as libpq does). Only the scheme picks the engine; the rest of a PostgreSQL URL
// is handed to libpq untouched.
// Pure functions; safe from any thread.

#include <optional>
#include <string>
#include <string_view>

namespace ritualbot::config {

enum class DatabaseEngine { sqlite, postgresql };

struct DatabaseLocation {
    DatabaseEngine engine = DatabaseEngine::sqlite;
    std::string target;  // the SQLite file path, or the PostgreSQL URL as given
    std::string shown;   // for logs and errors: the path, or the URL with its password masked
};

// std::nullopt for empty text, an unknown scheme ("mysql://…") or an empty sqlite:// path.
std::optional<DatabaseLocation> parse_database_location(std::string_view text);

// The URL with the password of its user info (and any password= query parameter) replaced by
// "***": "postgresql://bot:s3cret@db/rb" -> "postgresql://bot:***@db/rb".
std::string mask_database_url(std::string_view url);

}  // namespace ritualbot::config
