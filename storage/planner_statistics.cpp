#include "storage/planner_statistics.hpp"

#include <string>
#include <vector>

#include <SQLiteCpp/Statement.h>

namespace ritualbot::storage {
namespace {

void limit_analysis(Database& db) {
    db.sql().exec("PRAGMA analysis_limit = " + std::to_string(kAnalysisLimit));
}

// Start-up queries, run once: prepared plainly, not kept in the connection's cache.
bool has_rows(Database& db, const std::string& sql) {
    CachedStatement query = db.prepare(sql);
    return query.executeStep();
}

// Tables with an index and without a row in sqlite_stat1 (all such tables before the first
// ANALYZE). An empty table gets no row from ANALYZE, so it stays on this list, at no cost.
std::vector<std::string> unmeasured_tables(Database& db) {
    std::string sql =
        "SELECT DISTINCT tbl_name FROM sqlite_schema WHERE type = 'index' AND "
        "tbl_name NOT LIKE 'sqlite_%'";
    if (has_rows(db, "SELECT 1 FROM sqlite_schema WHERE name = 'sqlite_stat1'"))
        sql += " AND tbl_name NOT IN (SELECT tbl FROM sqlite_stat1)";
    CachedStatement query = db.prepare(sql);
    std::vector<std::string> tables;
    while (query.executeStep()) tables.push_back(query.getColumn(0).getString());
    return tables;
}

// Table names come from sqlite_schema; quoted all the same, as identifiers.
std::string quoted(const std::string& name) {
    std::string out = "\"";
    for (const char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + '"';
}

}  // namespace

int analyze_unmeasured_tables(Database& db) {
    if (db.is_postgres()) return 0;  // autovacuum keeps PostgreSQL's statistics
    const std::vector<std::string> tables = unmeasured_tables(db);
    if (tables.empty()) return 0;
    limit_analysis(db);
    Transaction transaction(db);
    int analyzed = 0;
    for (const std::string& table : tables) {
        if (!has_rows(db, "SELECT 1 FROM " + quoted(table) + " LIMIT 1")) continue;
        db.sql().exec("ANALYZE " + quoted(table));
        ++analyzed;
    }
    transaction.commit();
    return analyzed;
}

void optimize_statistics(Database& db) {
    if (db.is_postgres()) return;
    limit_analysis(db);
    db.sql().exec("PRAGMA optimize");
}

}  // namespace ritualbot::storage
