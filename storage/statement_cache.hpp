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
//
// The guard speaks for either engine (issue 19): on SQLite it forwards to SQLiteCpp, on
// PostgreSQL to a PgStatement (postgres_connection.hpp). Repositories write one SQL text with
// `?` or `?N` parameters for both. `stmt->bind(…)` and `*stmt` read as they did when the guard
// was a pointer to a SQLite::Statement.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include "storage/column.hpp"

namespace ritualbot::storage {

class StatementCache;
class PgStatement;

class CachedStatement {
public:
    ~CachedStatement();
    CachedStatement(CachedStatement&& other) noexcept;
    CachedStatement(const CachedStatement&) = delete;
    CachedStatement& operator=(const CachedStatement&) = delete;
    CachedStatement& operator=(CachedStatement&&) = delete;

    CachedStatement* operator->() { return this; }
    CachedStatement& operator*() { return *this; }

    // Parameters are numbered from 1. bind(index) binds NULL.
    void bind(int index);
    void bind(int index, int value);
    void bind(int index, unsigned value) { bind(index, static_cast<std::int64_t>(value)); }
    void bind(int index, std::int64_t value);
    void bind(int index, double value);
    void bind(int index, const std::string& value);
    void bind(int index, const char* value);
    // SQLite reads the text where it is: it must outlive the step (TextBinding::no_copy).
    void bindNoCopy(int index, const std::string& value);
    void bind_blob(int index, std::string_view bytes);

    // The next row; false after the last. The first call runs the statement.
    bool executeStep();
    // Runs a statement that returns no rows; the number of rows it changed.
    int exec();
    Column getColumn(int index) { return Column(sqlite_, pg_, index); }
    int getColumnCount() const;
    std::string getColumnName(int index) const;
    // Back to before the first step, keeping the bindings.
    void reset();

    // SQLite only (the import's bulk paths); null on PostgreSQL.
    SQLite::Statement* sqlite() { return sqlite_; }

private:
    friend class StatementCache;
    friend class PgConnection;
    CachedStatement(SQLite::Statement* statement, bool* in_use,
                    std::unique_ptr<SQLite::Statement> owned);
    CachedStatement(PgStatement* statement, bool* in_use, std::unique_ptr<PgStatement> owned);

    SQLite::Statement* sqlite_ = nullptr;
    PgStatement* pg_ = nullptr;
    bool* in_use_;                              // the cache entry's flag; null when uncached
    std::unique_ptr<SQLite::Statement> owned_;  // the uncached statement of a second user
    std::unique_ptr<PgStatement> owned_pg_;
};

// Binds `values` to parameters 1, 2, … in order (as SQLite::bind of VariadicBind.h did).
template <class... Values>
void bind(CachedStatement& statement, const Values&... values) {
    int index = 0;
    (statement.bind(++index, values), ...);
}

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
