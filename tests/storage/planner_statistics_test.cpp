// Query-planner statistics (storage/planner_statistics.hpp) and the plan of a voter's votes,
// which once needed an INDEXED BY hint (issue 18).

#include <catch2/catch.hpp>

#include <string>

#include <SQLiteCpp/SQLiteCpp.h>

#include "storage/database.hpp"
#include "storage/planner_statistics.hpp"
#include "storage/suggestions.hpp"

using namespace ritualbot::storage;

namespace {

int stat1_rows(Database& db, const std::string& table) {
    SQLite::Statement query(db.sql(), "SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = ?");
    query.bind(1, table);
    query.executeStep();
    return query.getColumn(0).getInt();
}

// SQLite's plan for `sql`, its detail lines joined.
std::string plan_of(Database& db, const std::string& sql) {
    SQLite::Statement query(db.sql(), "EXPLAIN QUERY PLAN " + sql);
    std::string plan;
    while (query.executeStep()) plan += query.getColumn(3).getString() + "\n";
    return plan;
}

// A round of `voters` people with three votes each over ten suggestions.
std::int64_t voted_round(Database& db, int voters) {
    const Round round = SuggestionRounds(db).collecting("C1", 1);
    Suggestions suggestions(db);
    std::vector<std::int64_t> ids;
    for (int i = 0; i < 10; ++i) {
        Suggestion s;
        s.channel = "C1";
        s.round_id = round.id;
        s.author = "U1";
        s.text = "an idea";
        s.created_at = 1;
        ids.push_back(suggestions.add(s));
    }
    SuggestionVotes votes(db);
    Transaction transaction(db);
    for (int voter = 0; voter < voters; ++voter) {
        for (int k = 0; k < 3; ++k) {
            votes.add(round.id, ids[static_cast<std::size_t>((voter + k) % 10)],
                      "U" + std::to_string(voter), 1);
        }
    }
    transaction.commit();
    return round.id;
}

}  // namespace

TEST_CASE("tables with rows and no statistics are analyzed once - empty ones wait for rows") {
    Database db = Database::open_in_memory();
    voted_round(db, 20);
    CHECK(analyze_unmeasured_tables(db) == 3);       // rounds, suggestions and their votes
    CHECK(stat1_rows(db, "suggestion_votes") == 2);  // its unique index and the voter index
    CHECK(stat1_rows(db, "outbox") == 0);            // empty: nothing to measure yet
    CHECK(analyze_unmeasured_tables(db) == 0);

    db.sql().exec("INSERT INTO processed_events (event_id, seen_at) VALUES ('Ev1', 1)");
    CHECK(analyze_unmeasured_tables(db) == 1);
    CHECK(stat1_rows(db, "processed_events") >= 1);
}

TEST_CASE("PRAGMA optimize measures the tables this connection queried") {
    Database db = Database::open_in_memory();
    const std::int64_t round = voted_round(db, 20);
    CHECK(SuggestionVotes(db).of_voter(round, "U3").size() == 3);
    optimize_statistics(db);
    CHECK(stat1_rows(db, "suggestion_votes") == 2);
}

TEST_CASE("a voter's votes are read from the covering voter index - with or without statistics") {
    Database db = Database::open_in_memory();
    const std::int64_t round = voted_round(db, 300);
    const std::string sql =
        "SELECT suggestion_id FROM suggestion_votes WHERE round_id = 1 AND voter = 'U7' "
        "ORDER BY suggestion_id";
    const std::string expected =
        "SEARCH suggestion_votes USING COVERING INDEX suggestion_votes_by_voter "
        "(round_id=? AND voter=?)\n";
    CHECK(plan_of(db, sql) == expected);
    analyze_unmeasured_tables(db);
    CHECK(plan_of(db, sql) == expected);
    CHECK(SuggestionVotes(db).of_voter(round, "U7") == std::vector<std::int64_t>{8, 9, 10});
}
