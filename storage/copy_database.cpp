#include "storage/copy_database.hpp"

#include <algorithm>
#include <stdexcept>

#include "storage/column_values.hpp"

namespace ritualbot::storage {
namespace {

// Tables other rows refer to (FOREIGN KEY), in an order that copies each before its referrers.
// The rest follow in name order.
constexpr const char* kParentsFirst[] = {"procedures", "incidents", "suggestion_rounds",
                                         "suggestions"};
// Derived, not copied: the target's triggers count the digest's inputs as their rows arrive,
// and digest texts are rebuilt on demand (digest_texts.hpp).
constexpr const char* kDerived[] = {"digest_inputs", "digest_texts"};

std::vector<std::string> tables_in_copy_order(Database& sqlite) {
    std::vector<std::string> tables;
    CachedStatement query = sqlite.prepare(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name");
    while (query->executeStep()) {
        std::string table = query->getColumn(0).getString();
        if (std::find(std::begin(kDerived), std::end(kDerived), table) == std::end(kDerived))
            tables.push_back(std::move(table));
    }
    std::vector<std::string> ordered;
    for (const char* parent : kParentsFirst) {
        if (std::find(tables.begin(), tables.end(), parent) != tables.end())
            ordered.push_back(parent);
    }
    for (const std::string& table : tables) {
        if (std::find(ordered.begin(), ordered.end(), table) == ordered.end())
            ordered.push_back(table);
    }
    return ordered;
}

std::vector<std::string> columns_of(Database& sqlite, const std::string& table) {
    std::vector<std::string> columns;
    CachedStatement query = sqlite.prepare("SELECT name FROM pragma_table_info(?) ORDER BY cid");
    query->bind(1, table);
    while (query->executeStep()) columns.push_back(query->getColumn(0).getString());
    return columns;
}

std::int64_t count_rows(Database& db, const std::string& table) {
    CachedStatement query = db.prepare("SELECT COUNT(*) FROM " + table);
    query->executeStep();
    return query->getColumn(0).getInt64();
}

std::string joined(const std::vector<std::string>& names, const std::string& each) {
    std::string out;
    for (const std::string& name : names) {
        if (!out.empty()) out += ", ";
        out += each.empty() ? name : each;
    }
    return out;
}

void copy_rows(Database& from, Database& to, const std::string& table,
               const std::vector<std::string>& columns) {
    CachedStatement read = from.prepare("SELECT " + joined(columns, "") + " FROM " + table);
    CachedStatement write = to.prepare("INSERT INTO " + table + " (" + joined(columns, "") +
                                       ") VALUES (" + joined(columns, "?") + ")");
    while (read->executeStep()) {
        for (int i = 0; i < static_cast<int>(columns.size()); ++i) {
            const Column value = read->getColumn(i);
            if (value.isNull()) {
                write->bind(i + 1);
            } else if (value.isInteger()) {
                write->bind(i + 1, value.getInt64());
            } else if (value.isFloat()) {
                write->bind(i + 1, value.getDouble());
            } else if (value.isBlob()) {
                write->bind_blob(i + 1, value.getBlob());
            } else {
                write->bind(i + 1, value.getString());
            }
        }
        write->exec();
    }
}

// Identity columns continue after the copied ids (PostgreSQL only; SQLite's rowids do so by
// themselves).
void continue_ids(Database& to, const std::string& table) {
    if (!to.is_postgres()) return;
    CachedStatement has_identity = to.prepare(
        "SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() AND "
        "table_name = ? AND column_name = 'id' AND is_identity = 'YES'");
    has_identity->bind(1, table);
    if (!has_identity->executeStep()) return;
    to.exec("SELECT setval(pg_get_serial_sequence('" + table +
            "', 'id'), COALESCE(MAX(id), 0) + 1, "
            "false) FROM " +
            table);
}

}  // namespace

std::vector<CopiedTable> copy_database(Database& from, Database& to) {
    if (from.schema_version() != from.latest_schema_version()) {
        throw std::runtime_error("database " + from.path() + " is at schema version " +
                                 std::to_string(from.schema_version()) +
                                 "; run `ritualbot migrate` on it first");
    }
    const std::vector<std::string> tables = tables_in_copy_order(from);
    // The migration wrote a fresh hash key; any other row means the target is in use.
    for (const std::string& table : tables) {
        if (table != "ticket_hash_key" && count_rows(to, table) > 0) {
            throw std::runtime_error("database " + to.path() + " already holds data (table " +
                                     table + "); copy only into an empty database");
        }
    }
    std::vector<CopiedTable> copied;
    Transaction read(from, Transaction::Lock::read);  // one consistent snapshot of the source
    Transaction write(to);
    to.exec("DELETE FROM ticket_hash_key");
    for (const std::string& table : tables) {
        copy_rows(from, to, table, columns_of(from, table));
        continue_ids(to, table);
        const std::int64_t source_rows = count_rows(from, table);
        const std::int64_t target_rows = count_rows(to, table);
        if (source_rows != target_rows) {
            throw std::runtime_error("table " + table + " has " + std::to_string(source_rows) +
                                     " rows in " + from.path() + " but " +
                                     std::to_string(target_rows) +
                                     " after the copy; nothing "
                                     "was kept");
        }
        copied.push_back({table, target_rows});
    }
    write.commit();
    read.commit();
    return copied;
}

}  // namespace ritualbot::storage
