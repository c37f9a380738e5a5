#pragma once

// Prepared statements kept per connection (issue 18): preparing a statement costs more than
// running most of ritualbot's queries (35% of a vote, before this cache). Database::prepare()
// hands out a CachedStatement, a guard that resets the statement and clears its bindings when
// it goes out of scope: a SELECT left unfinished would otherwise hold its read transaction
// open, and a WAL checkpoint could not pass it. A statement already handed out (a query run
// again while its first run is still being read) is prepared afresh, uncached, for the second
// user. SQLite re-prepares a cached statement by itself after a schema change
// (sqlite3_prepare_v2), but SQLiteCpp keeps the column count it saw first: whoever changes the
// schema calls clear() (migrate() does, through Database::forget_statements()).

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

namespace ritualbot::storage {

class StatementCache;

class CachedStatement {
public:
    ~CachedStatement();
    CachedStatement(CachedStatement&& other) noexcept;
    CachedStatement(const CachedStatement&) = delete;
    CachedStatement& operator=(const CachedStatement&) = delete;
    CachedStatement& operator=(CachedStatement&&) = delete;

    SQLite::Statement* operator->() { return statement_; }
    SQLite::Statement& operator*() { return *statement_; }

private:
    friend class StatementCache;
    CachedStatement(SQLite::Statement* statement, bool* in_use,
                    std::unique_ptr<SQLite::Statement> owned);

    SQLite::Statement* statement_;
    bool* in_use_;                              // the cache entry's flag; null when uncached
    std::unique_ptr<SQLite::Statement> owned_;  // the uncached statement of a second user
};

class StatementCache {
public:
    // The statement for `sql` on `db`, prepared on first use. Throws SQLite::Exception when
    // the SQL does not compile.
    CachedStatement prepare(SQLite::Database& db, std::string_view sql);
    std::size_t size() const { return entries_.size(); }
    // Finalizes every statement not handed out; one handed out stays until the next clear().
    void clear();

private:
    struct Entry {
        std::unique_ptr<SQLite::Statement> statement;
        bool in_use = false;
    };
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view text) const {
            return std::hash<std::string_view>{}(text);
        }
    };
    std::unordered_map<std::string, Entry, Hash, std::equal_to<>> entries_;
};

}  // namespace ritualbot::storage
