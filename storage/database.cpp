#include "storage/database.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <filesystem>
#include <thread>
#include <utility>

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/Exception.h>

#include "config/database_location.hpp"
#include "storage/migrations.hpp"
#include "storage/postgres_connection.hpp"
#include "storage/postgres_migrations.hpp"

namespace ritualbot::storage {
namespace {

// NOMUTEX: a Database is used by one thread only (database.hpp), so SQLite's own mutexes
// around every call are pure cost: about 6k of /captain who's 226k instructions (callgrind).
const int kOpenFlags = SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX;
// Small steps hold the source's read lock only briefly; if another connection writes between
// steps SQLite restarts the copy, so the result is still one consistent snapshot.
constexpr int kBackupPagesPerStep = 256;
constexpr int kBackupBusyRetries = 500;
constexpr int kBackupBusySleepMs = 10;
// PostgreSQL's write lock: the advisory lock (kWriterLockKey, hash of the schema), one per
// ritualbot database, so that two deployments (or two test schemas) on one server never queue
// behind each other. Any fixed number ("ritu").
constexpr std::int32_t kWriterLockKey = 0x72697475;

void check_not_too_new(const std::string& path, int version, int latest) {
    if (version > latest) {
        throw SchemaTooNew("database " + path + " has schema version " + std::to_string(version) +
                           " but this ritualbot knows only up to " + std::to_string(latest) +
                           "; upgrade ritualbot or restore a backup");
    }
}

// Checks the version against this build and migrates as `mode` says.
void handle_migrations(Database& db, Database::Migrate mode) {
    const int version = db.schema_version();
    check_not_too_new(db.path(), version, db.latest_schema_version());
    if (mode == Database::Migrate::refuse_pending && version < db.latest_schema_version()) {
        throw MigrationsPending(
            "database " + db.path() + " has schema version " + std::to_string(version) +
            " but this ritualbot needs " + std::to_string(db.latest_schema_version()) +
            (db.is_postgres() ? "; back it up (pg_dump), then run "
                              : "; back it up (`ritualbot backup FILE`), then run ") +
            "`ritualbot migrate`");
    }
    if (mode == Database::Migrate::apply) migrate(db);
}

void configure(SQLite::Database& db, const std::string& path, bool in_memory) {
    // Lets retention hand freed pages back without a full VACUUM. Takes effect only on a
    // database without tables yet (a new file); on an existing one it changes nothing.
    db.exec("PRAGMA auto_vacuum = INCREMENTAL");
    const std::string journal = db.execAndGet("PRAGMA journal_mode = WAL").getString();
    if (!in_memory && journal != "wal") {
        throw std::runtime_error("database " + path + " cannot use WAL journaling (SQLite chose " +
                                 journal + "); put it on a local file system");
    }
    db.exec("PRAGMA foreign_keys = ON");
    db.exec("PRAGMA synchronous = NORMAL");
}

bool same_file(const std::filesystem::path& a, const std::filesystem::path& b) {
    std::error_code ec;
    return std::filesystem::exists(a, ec) && std::filesystem::exists(b, ec) &&
           std::filesystem::equivalent(a, b, ec);
}

}  // namespace

Database::Database(std::unique_ptr<SQLite::Database> db, std::string path)
    : db_(std::move(db)), path_(std::move(path)) {
    sqlite3_busy_handler(db_->getHandle(), &Database::on_busy, lock_wait_.get());
}

Database::Database(std::unique_ptr<PgConnection> pg, std::string shown)
    : pg_(std::move(pg)), path_(std::move(shown)) {}

Database::Database(Database&&) noexcept = default;
Database& Database::operator=(Database&&) noexcept = default;

Database::~Database() = default;

SQLite::Database& Database::sql() {
    if (!db_) throw std::logic_error("database " + path_ + " is PostgreSQL; this needs SQLite");
    return *db_;
}

void Database::exec(std::string_view sql) {
    if (pg_) return pg_->exec(sql);
    db_->exec(std::string(sql));
}

bool Database::in_transaction() {
    if (pg_) return pg_->depth > 0;
    return sqlite3_get_autocommit(db_->getHandle()) == 0;
}

CachedStatement Database::prepare(std::string_view sql) {
    if (pg_) return pg_->prepare(sql);
    return statements_->prepare(*db_, sql);
}

std::size_t Database::cached_statements() const {
    return pg_ ? pg_->cached_statements() : statements_->size();
}

void Database::forget_statements() {
    if (pg_) return pg_->forget_statements();
    statements_->clear();
}

int Database::on_busy(void* lock_wait, int tries) {
    LockWait& wait = *static_cast<LockWait*>(lock_wait);
    const auto now = std::chrono::steady_clock::now();
    if (tries == 0) wait.since = now;
    if (now - wait.since >= wait.limit) return 0;  // SQLITE_BUSY
    std::this_thread::sleep_for(kLockRetry);
    return 1;
}

Database Database::open(const std::string& location, Migrate migrate_mode) {
    const auto where = config::parse_database_location(location);
    if (!where) {
        throw std::runtime_error("RITUALBOT_DB " + config::mask_database_url(location) +
                                 " is neither a file path nor a sqlite:// or postgresql:// URL");
    }
    if (where->engine == config::DatabaseEngine::postgresql) {
        Database db(std::make_unique<PgConnection>(where->target, where->shown), where->shown);
        handle_migrations(db, migrate_mode);
        return db;
    }
    const std::string& path = where->target;
    std::error_code ec;
    if (migrate_mode != Migrate::apply && !std::filesystem::exists(path, ec)) {
        const std::string what = "database " + path + " does not exist";
        if (migrate_mode == Migrate::refuse_pending) {
            throw MigrationsPending(what + "; run `ritualbot migrate` to create it");
        }
        throw std::runtime_error(what);
    }
    try {
        // Configured through the Database, so its busy handler already waits for another
        // process that holds the file (several instances starting at once).
        Database db(std::make_unique<SQLite::Database>(path, kOpenFlags), path);
        configure(db.sql(), path, /*in_memory=*/false);
        handle_migrations(db, migrate_mode);
        return db;
    } catch (const SQLite::Exception& e) {
        throw std::runtime_error("cannot open database " + path + ": " + e.what());
    }
}

Database Database::open_in_memory() {
    const std::string path = ":memory:";
    Database db(std::make_unique<SQLite::Database>(path, kOpenFlags), path);
    configure(db.sql(), path, /*in_memory=*/true);
    migrate(db);
    return db;
}

int Database::schema_version() {
    if (pg_) return postgres_schema_version(*this);
    return db_->execAndGet("PRAGMA user_version").getInt();
}

std::int64_t Database::page_cache_bytes() {
    if (pg_) return 0;
    int used = 0;
    int highest = 0;
    sqlite3_db_status(db_->getHandle(), SQLITE_DBSTATUS_CACHE_USED, &used, &highest, 0);
    return used;
}

void Database::backup_to(const std::string& file) {
    if (pg_) {
        throw std::runtime_error("database " + path_ +
                                 " is PostgreSQL: back it up with pg_dump, not `ritualbot backup`");
    }
    namespace fs = std::filesystem;
    const std::string context = "backup of database " + path_ + " to " + file;
    for (const char* suffix : {"", "-wal", "-shm"}) {
        if (same_file(file, path_ + suffix)) {
            throw std::runtime_error(context + " refused: that is the live database's own file");
        }
    }
    const std::string partial = file + ".partial";
    std::error_code ec;
    fs::remove(partial, ec);
    try {
        {
            SQLite::Database dest(partial, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
            SQLite::Backup backup(dest, *db_);
            int busy = 0;
            while (true) {
                const int rc = backup.executeStep(kBackupPagesPerStep);
                if (rc == SQLITE_DONE) {
                    break;
                }
                if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
                    if (++busy > kBackupBusyRetries) {
                        throw std::runtime_error("the database stayed locked");
                    }
                    sqlite3_sleep(kBackupBusySleepMs);
                }
            }
        }
        fs::rename(partial, file);
    } catch (const std::exception& e) {
        fs::remove(partial, ec);
        throw std::runtime_error(context + " failed: " + e.what());
    }
}

bool is_busy(const std::exception& e) {
    if (dynamic_cast<const PgBusy*>(&e) != nullptr) return true;
    const auto* sqlite = dynamic_cast<const SQLite::Exception*>(&e);
    return sqlite != nullptr &&
           (sqlite->getErrorCode() == SQLITE_BUSY || sqlite->getErrorCode() == SQLITE_LOCKED);
}

// Transaction control goes through the connection's statement cache: exec() would prepare
// BEGIN and COMMIT again for every envelope (13.5k of /captain who's 220k instructions).
// PostgreSQL cannot prepare transaction control, so it goes as a simple query there.
void Transaction::run(std::string_view sql) {
    if (PgConnection* pg = db_.postgres()) return pg->exec(sql);
    db_.prepare(sql)->exec();
}

Transaction::Transaction(Database& db, Lock lock) : db_(db) {
    if (PgConnection* pg = db_.postgres()) {
        if (pg->depth > 0) {
            run("SAVEPOINT ritualbot_nested");
            ++pg->depth;
            nested_ = true;
            return;
        }
        // One round trip: BEGIN, and for a writer the lock, within the connection's wait
        // (lock_timeout 0 would mean "wait forever": NoLockWait waits a millisecond).
        std::string begin = "BEGIN";
        if (lock == Lock::write) {
            const auto wait = std::max<std::int64_t>(db_.lock_wait().count(), 1);
            begin += "; SET LOCAL lock_timeout = '" + std::to_string(wait) +
                     "ms'; SELECT pg_advisory_xact_lock(" + std::to_string(kWriterLockKey) +
                     ", hashtext(current_schema()))";
        }
        try {
            run(begin);
        } catch (...) {
            try {
                run("ROLLBACK");  // the lock timed out inside the transaction BEGIN opened
            } catch (...) {       // the connection is gone; the server ends the transaction
            }
            throw;
        }
        pg->depth = 1;
        pg->aborted = false;
        return;
    }
    if (!db_.in_transaction()) {
        run(lock == Lock::write ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED");
        return;
    }
    // Savepoints nest LIFO, and ROLLBACK TO / RELEASE act on the newest of a name, so one
    // name serves every level.
    nested_ = true;
    run("SAVEPOINT ritualbot_nested");
}

Transaction::~Transaction() {
    if (done_) return;
    PgConnection* pg = db_.postgres();
    try {
        if (!nested_) {
            if (pg) pg->depth = 0;
            run("ROLLBACK");
        } else {
            if (pg && pg->depth > 0) --pg->depth;
            run("ROLLBACK TO ritualbot_nested");
            run("RELEASE ritualbot_nested");
        }
        if (pg) pg->aborted = false;
    } catch (...) {
        // Nothing sensible to do in a destructor; SQLite rolls back on its own when the
        // connection closes, and the next BEGIN reports any lasting problem.
    }
}

void Transaction::commit() {
    if (PgConnection* pg = db_.postgres()) {
        if (pg->aborted) {
            throw std::runtime_error("database " + db_.path() +
                                     ": a statement failed inside the transaction, so nothing "
                                     "of it was saved");
        }
        done_ = true;
        if (nested_) {
            --pg->depth;
            run("RELEASE ritualbot_nested");
        } else {
            pg->depth = 0;
            run("COMMIT");
        }
        return;
    }
    run(nested_ ? "RELEASE ritualbot_nested" : "COMMIT");
    done_ = true;
}

MigrationReport migrate(Database& db) {
    const bool postgres = db.is_postgres();
    const int from = db.schema_version();
    check_not_too_new(db.path(), from, db.latest_schema_version());
    for (const Migration& m : postgres ? postgres_migrations() : migrations()) {
        if (m.version <= from) continue;
        const std::string version = std::to_string(m.version);
        try {
            Transaction tx(db);
            if (postgres) {
                db.exec("CREATE TABLE IF NOT EXISTS ritualbot_schema (version INTEGER NOT NULL)");
            }
            // Another process may have migrated between our first read and our write lock.
            if (db.schema_version() >= m.version) continue;
            db.exec(m.sql);
            db.exec(postgres ? "DELETE FROM ritualbot_schema; INSERT INTO ritualbot_schema "
                               "VALUES (" +
                                   version + ")"
                             : "PRAGMA user_version = " + version);
            tx.commit();
        } catch (const std::exception& e) {
            throw std::runtime_error("migration " + version + " (" + m.name +
                                     ") failed on database " + db.path() + ": " + e.what());
        }
    }
    db.forget_statements();
    return {from, db.schema_version()};
}

}  // namespace ritualbot::storage
