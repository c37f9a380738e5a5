#pragma once

// A PostgreSQL connection through libpqxx (issue 19), the second engine behind Database.
// SQL arrives in the SQLite spelling the repositories share: `?` and `?N` parameters are
// rewritten to `$N` once, and each text is prepared once per connection. Statements run in
// autocommit unless Transaction has sent BEGIN. Every value travels as text; Column parses it.
// One thread per connection, as for SQLite (database.hpp). libpqxx stays out of this header.

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "storage/statement_cache.hpp"

namespace pqxx {
class result;
}  // namespace pqxx

namespace ritualbot::storage {

class PgConnection;

// PostgreSQL could not take a lock in time (lock_timeout, a deadlock, a serialization failure):
// nothing was changed, and the work is worth retrying shortly, as SQLITE_BUSY is (is_busy).
class PgBusy : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class PgStatement {
public:
    // `parameters`: how many the statement takes; those never bound are NULL, as on SQLite.
    PgStatement(PgConnection& connection, const std::string& name, int parameters);
    ~PgStatement();

    void bind_null(int index);
    void bind_text(int index, std::string value);
    void bind_bytes(int index, std::string_view bytes);
    int exec();
    bool step();
    void reset();  // to before the first step, keeping the bindings
    void clear();  // reset() and forget the bindings

    bool is_null(int column) const;
    std::string_view text(int column) const;  // valid until the next step, reset or clear
    bool is_integer(int column) const;
    bool is_float(int column) const;
    bool is_bytes(int column) const;
    std::string bytes(int column) const;
    int column_count() const;
    std::string column_name(int column) const;

private:
    void run();
    const pqxx::result& rows() const;

    PgConnection& connection_;
    std::string name_;
    int parameters_;
    std::vector<std::optional<std::string>> params_;
    std::unique_ptr<pqxx::result> result_;
    long row_ = -1;
};

class PgConnection {
public:
    // Connects to `url` (libpq's URI syntax; what it leaves out comes from the PG* variables).
    // Throws std::runtime_error naming `shown` (the URL without its password). A connection
    // that breaks (a server restart, a failover) fails the call that finds it broken, and the
    // next call outside a transaction connects again, its statements prepared anew.
    PgConnection(const std::string& url, const std::string& shown);
    ~PgConnection();
    PgConnection(const PgConnection&) = delete;
    PgConnection& operator=(const PgConnection&) = delete;

    CachedStatement prepare(std::string_view sql);
    // Runs one or more statements without parameters.
    void exec(std::string_view sql);
    void forget_statements();
    std::size_t cached_statements() const { return statements_.size(); }

    // Transactions open on this connection: 0 in autocommit, 1 inside BEGIN, more in savepoints.
    int depth = 0;
    // A statement failed inside the open transaction: PostgreSQL ignores everything until the
    // transaction (or savepoint) is rolled back, and answers COMMIT with a silent ROLLBACK.
    bool aborted = false;

private:
    friend class PgStatement;
    pqxx::result run_prepared(const std::string& name,
                              const std::vector<std::optional<std::string>>& params);
    // Called in a catch block: the current exception as PgBusy or std::runtime_error.
    [[noreturn]] void rethrow(const std::string& what);
    void connect();
    void reconnect_if_broken();

    struct Entry {
        std::string name;
        std::string text;  // the SQL with $N parameters, as prepared
        int parameters = 0;
        std::unique_ptr<PgStatement> statement;
        bool in_use = false;
    };
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view text) const {
            return std::hash<std::string_view>{}(text);
        }
    };

    struct Session;  // libpqxx's connection and the nontransaction every statement runs in

    std::string url_;
    std::string shown_;
    std::unique_ptr<Session> session_;
    bool broken_ = false;
    std::unordered_map<std::string, Entry, Hash, std::equal_to<>> statements_;
    int prepared_ = 0;
};

// `?` → `$1`, `$2`, … and `?N` → `$N`, outside quoted text and comments. `count` gets the
// number of parameters (the highest N).
std::string postgres_parameters(std::string_view sql, int* count = nullptr);

}  // namespace ritualbot::storage
