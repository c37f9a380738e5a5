#include <catch2/catch.hpp>

#include "storage/channel_export.hpp"
#include "support/stores.hpp"

using namespace ritualbot::storage;
using ritualbot::test::PostgresStore;
using ritualbot::test::SqliteStore;

TEMPLATE_TEST_CASE("export holds one channel's state, votes as counts, anonymous authors left out",
                   "[store]", SqliteStore, PostgresStore) {
    TestType store;
    Database db = store.open();
    db.exec(R"sql(
INSERT INTO captain_roster VALUES ('C1', 'U1', 0, 0, 1), ('C1', 'U2', 1, 0, 1), ('C2', 'U9', 0, 0, 1);
INSERT INTO suggestion_rounds (id, channel, number, state, created_at) VALUES (1, 'C1', 1, 'voting', 1);
INSERT INTO suggestions (id, channel, round_id, author, anonymous, text, created_at)
    VALUES (10, 'C1', 1, 'U1', 0, 'Use macros', 1), (11, 'C1', 1, 'USECRET', 1, 'Fewer meetings', 1);
INSERT INTO suggestion_votes VALUES (1, 10, 'U1', 2), (1, 10, 'U2', 2), (1, 11, 'U2', 2);
INSERT INTO audit_log (channel, actor, action, detail, at) VALUES ('C1', 'U1', 'captain.roster.add', 'U2', 1);
)sql");
    const nlohmann::json exported = export_channel(db, "C1");
    CHECK(exported["channel"] == "C1");
    CHECK(exported["captain"]["roster"].size() == 2);
    const auto& suggestions = exported["suggestions"]["suggestions"];
    REQUIRE(suggestions.size() == 2);
    CHECK(suggestions[0]["author"] == "U1");
    CHECK(suggestions[1]["author"].is_null());
    CHECK(exported["suggestions"]["vote_counts"] ==
          nlohmann::json::parse(R"([{"round_id":1,"suggestion_id":10,"votes":2},
                                    {"round_id":1,"suggestion_id":11,"votes":1}])"));
    CHECK(exported["audit_log"].size() == 1);
    CHECK(exported["outliers"]["ticket_count"] == 0);
    const std::string text = exported.dump();
    CHECK(text.find("USECRET") == std::string::npos);
    CHECK(text.find("U9") == std::string::npos);  // another channel's data
    CHECK(text.find("voter") == std::string::npos);
}
