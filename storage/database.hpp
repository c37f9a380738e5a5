#pragma once

// The database: SQLite (the embedded default) or PostgreSQL (issue 19, several instances on one
// database), as RITUALBOT_DB's scheme says (config/database_location.hpp). Opening it with the
// settings ritualbot relies on, schema migrations (numbered per engine), transactions and, on
// SQLite, online backups. Repositories in this layer (outbox, processed events, …) take a
// Database& and issue one SQL text for both engines through prepare() and exec().
// Threading: one Database per thread. A Database, and anything holding a reference to it, must
// never be used from two threads; a worker thread opens its own.

#include <chrono>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include <SQLiteCpp/Database.h>

#include "storage/statement_cache.hpp"

namespace ritualbot::storage {

// The latest schema version this build knows; see migrations.cpp and postgres_migrations.cpp.
inline constexpr int kSchemaVersion = 19;
inline constexpr int kPostgresSchemaVersion = 2;

class PgConnection;

// The database was written by a newer ritualbot; running on it could corrupt its data.
class SchemaTooNew : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Opened with Migrate::refuse_pending, the database needs `ritualbot migrate` first.
class MigrationsPending : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class Database {
public:
    // apply: create the file if missing and run pending migrations (`ritualbot run`, `migrate`).
    // refuse_pending: throw MigrationsPending if the file is missing or needs migrating.
    // as_is: open an existing file without migrating, for `ritualbot backup`: a backup taken
    // before migrating is the point of having one.
    enum class Migrate { apply, refuse_pending, as_is };

    // `location` is RITUALBOT_DB: a file path, a sqlite:// or a postgresql:// URL.
    // SQLite: opens the file with WAL journaling, a lock wait of kBusyTimeout, foreign_keys ON
    // and synchronous NORMAL. PostgreSQL: connects. Then handles migrations as `migrate` says.
    // Whatever the mode, throws SchemaTooNew when the database is newer than this build; other
    // failures are std::runtime_error naming the path (or the URL without its password).
    static Database open(const std::string& location, Migrate migrate = Migrate::apply);

    // A private in-memory SQLite database, migrated; for tests.
    static Database open_in_memory();

    // The file path, or the PostgreSQL URL without its password: for messages.
    const std::string& path() const { return path_; }
    bool is_postgres() const { return pg_ != nullptr; }
    int schema_version();  // PRAGMA user_version, or ritualbot_schema's row on PostgreSQL
    int latest_schema_version() const {
        return is_postgres() ? kPostgresSchemaVersion : kSchemaVersion;
    }
    // The SQLite connection, for what only SQLite has (backups, PRAGMAs, the import's bulk
    // paths). Throws std::logic_error on PostgreSQL.
    SQLite::Database& sql();
    // The PostgreSQL connection; null on SQLite.
    PgConnection* postgres() { return pg_.get(); }
    // Runs statements without parameters (schema changes, transaction control).
    void exec(std::string_view sql);
    // True inside a Transaction (or a BEGIN of one's own).
    bool in_transaction();

    // How long a statement waits for another connection's lock before SQLITE_BUSY.
    static constexpr std::chrono::milliseconds kBusyTimeout{5000};
    // While it waits, it tries the lock again this often. SQLite's own busy_timeout backs off
    // to a try every 100 ms and so misses the short gaps a long import leaves between its
    // batches (batched_transaction.hpp); a waiter that looks twice a millisecond finds them.
    static constexpr std::chrono::microseconds kLockRetry{500};

    // How long statements on this connection wait for another connection's lock from now on.
    void set_lock_wait(std::chrono::milliseconds wait) { lock_wait_->limit = wait; }
    std::chrono::milliseconds lock_wait() const { return lock_wait_->limit; }

    // The connection's cached statement for `sql` (statement_cache.hpp): reset, with its
    // bindings cleared, when the returned guard goes out of scope.
    CachedStatement prepare(std::string_view sql);
    std::size_t cached_statements() const;
    // After a schema change (migrate() calls it): SQLite re-prepares a cached statement by
    // itself, but SQLiteCpp keeps the column count it saw first, which `SELECT *` outgrows.
    void forget_statements();

    // Bytes of SQLite's page cache this connection holds (SQLITE_DBSTATUS_CACHE_USED); 0 on
    // PostgreSQL.
    std::int64_t page_cache_bytes();

    // Copies the whole database to `file` with SQLite's online backup API, a few pages at a
    // time, into a temporary file that is renamed into place once complete, so `file` is
    // either the old content or a consistent snapshot. Refuses to overwrite the live database.
    // SQLite only: on PostgreSQL it throws, naming pg_dump.
    void backup_to(const std::string& file);

    Database(Database&&) noexcept;
    Database& operator=(Database&&) noexcept;
    ~Database();

private:
    // The busy handler's state, on the heap: SQLite keeps a pointer to it across moves.
    struct LockWait {
        std::chrono::milliseconds limit = kBusyTimeout;
        std::chrono::steady_clock::time_point since;
    };
    static int on_busy(void* lock_wait, int tries);

    Database(std::unique_ptr<SQLite::Database> db, std::string path);
    Database(std::unique_ptr<PgConnection> pg, std::string shown);

    // Declared before db_, so it outlives the connection whose busy handler points at it.
    std::unique_ptr<LockWait> lock_wait_ = std::make_unique<LockWait>();
    std::unique_ptr<SQLite::Database> db_;  // null on PostgreSQL
    std::unique_ptr<PgConnection> pg_;      // null on SQLite
    std::string path_;
    // Declared after db_, so its statements are finalized before the connection closes.
    std::unique_ptr<StatementCache> statements_ = std::make_unique<StatementCache>();
};

// While it lives, statements on `db` wait at most `wait` for another connection's lock, then
// fail with SQLITE_BUSY (is_busy). Restores kBusyTimeout. For code on the io thread, which also
// acks every envelope, where SQLite's wait would sleep: only around code without co_await (the
// router sets its own wait while the holder is suspended).
class ScopedLockWait {
public:
    ScopedLockWait(Database& db, std::chrono::milliseconds wait) : db_(db) {
        db_.set_lock_wait(wait);
    }
    ~ScopedLockWait() { db_.set_lock_wait(Database::kBusyTimeout); }
    ScopedLockWait(const ScopedLockWait&) = delete;
    ScopedLockWait& operator=(const ScopedLockWait&) = delete;

private:
    Database& db_;
};

// No wait at all: for writes that are retried after a backoff anyway (the outbox sender).
class NoLockWait : public ScopedLockWait {
public:
    explicit NoLockWait(Database& db) : ScopedLockWait(db, std::chrono::milliseconds{0}) {}
};

// A wait a little longer than a long import holds the lock for one batch
// (batched_transaction.hpp), never the seconds of kBusyTimeout: a write that must not be held
// up behind an import (an event, a scheduled run) gets in between two batches.
class BriefLockWait : public ScopedLockWait {
public:
    static constexpr std::chrono::milliseconds kWait{60};
    explicit BriefLockWait(Database& db) : ScopedLockWait(db, kWait) {}
};

// True when `e` is SQLite's "database is locked" (SQLITE_BUSY): another connection held the
// lock longer than the busy timeout; on PostgreSQL, a lock timeout, deadlock or serialization
// failure (PgBusy). Worth retrying shortly; nothing was changed.
bool is_busy(const std::exception& e);

// BEGIN IMMEDIATE: takes the write lock up front, so two connections never deadlock upgrading
// read locks. Rolls back in the destructor unless commit() was called.
//
// Nested use is allowed: inside an open transaction it becomes a SAVEPOINT, so a handler can
// make its change atomic on its own and still join the transaction of its caller (the event
// router commits the change, the outbox rows and the event id together).
//
// Lock::read (outermost only) begins DEFERRED instead: the write lock is taken only when the
// first write comes, so a command that only reads is answered while another process writes.
//
// On PostgreSQL the write lock is one transaction-level advisory lock shared by every instance,
// taken within the connection's lock wait: writers queue as they do on SQLite, so code that
// reads then writes in one transaction keeps the isolation it was written for. Readers never
// wait. A statement that failed inside the transaction makes commit() throw (PostgreSQL would
// silently roll back).
class Transaction {
public:
    enum class Lock { write, read };
    explicit Transaction(Database& db, Lock lock = Lock::write);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

private:
    void run(std::string_view sql);

    Database& db_;
    bool nested_ = false;  // a SAVEPOINT inside an open transaction
    bool done_ = false;
};

struct MigrationReport {
    int from_version;
    int to_version;
};

// Applies every pending migration, each in its own transaction together with its
// user_version bump. Throws SchemaTooNew, or std::runtime_error naming the migration and path.
MigrationReport migrate(Database& db);

}  // namespace ritualbot::storage
