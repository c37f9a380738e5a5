#pragma once

// The two stores the repositories' contract tests run on (issue 19): each case is a
// TEMPLATE_TEST_CASE over SqliteStore and PostgresStore, and uses the store as its factory.
// A store is one fresh, migrated database; open() connects to it again (several connections
// stand for several instances). PostgresStore makes a schema of its own on the server the test
// command starts (scripts/test.sh runs CTest inside pg_virtualenv, which sets the PG*
// variables); with no server the case fails, never skips.

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "storage/database.hpp"
#include "support/temp_dir.hpp"

namespace ritualbot::test {

class SqliteStore {
public:
    storage::Database open() { return storage::Database::open(dir_.file("store.db")); }

private:
    TempDir dir_;
};

class PostgresStore {
public:
    PostgresStore() : schema_(create_schema()) {}
    PostgresStore(const PostgresStore&) = delete;
    PostgresStore& operator=(const PostgresStore&) = delete;
    ~PostgresStore() {
        try {
            storage::Database server =
                storage::Database::open(server_url(), storage::Database::Migrate::as_is);
            server.exec("DROP SCHEMA " + schema_ + " CASCADE");
        } catch (...) {  // the throw-away server goes with the test run anyway
        }
    }

    storage::Database open() { return storage::Database::open(url()); }
    // RITUALBOT_DB for a ritualbot process that should share this store.
    std::string url() const { return url_of(schema_); }

    // A new, empty schema on the server (dropped with the server after the run).
    static std::string create_schema() {
        static std::atomic<int> made{0};
        const std::string schema =
            "test_" + std::to_string(::getpid()) + "_" + std::to_string(++made);
        storage::Database server =
            storage::Database::open(server_url(), storage::Database::Migrate::as_is);
        server.exec("CREATE SCHEMA " + schema);
        return schema;
    }
    static std::string url_of(const std::string& schema) {
        return server_url() + "?options=-csearch_path%3D" + schema;
    }

    // The server the PG* variables name, spelled out in the URL so that a ritualbot process
    // started with an environment of its own reaches it too. Throws (failing the case) when
    // none is set.
    static std::string server_url() {
        const auto variable = [](const char* name) {
            const char* value = std::getenv(name);
            return std::string(value == nullptr ? "" : value);
        };
        if (variable("PGHOST").empty() && variable("PGPORT").empty()) {
            throw std::runtime_error(
                "no PostgreSQL server for the PostgreSQL cases: run the tests through "
                "scripts/test.sh (it starts one with pg_virtualenv), or set the PG* variables");
        }
        std::string url = "postgresql://";
        if (!variable("PGUSER").empty()) {
            url += variable("PGUSER");
            if (!variable("PGPASSWORD").empty()) url += ":" + variable("PGPASSWORD");
            url += "@";
        }
        url += variable("PGHOST");
        if (!variable("PGPORT").empty()) url += ":" + variable("PGPORT");
        return url + "/" + variable("PGDATABASE");
    }

private:
    std::string schema_;
};

}  // namespace ritualbot::test
