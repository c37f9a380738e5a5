#include <catch2/catch.hpp>

#include "commands/ticket_data/importer.hpp"
#include "commands/ticket_data/requester_hash.hpp"
#include "storage/tickets.hpp"
#include "support/test_database.hpp"
#include "ticket_fixtures.hpp"

namespace rc = ritualbot::commands;
namespace rs = ritualbot::storage;
using Catch::Contains;
using ritualbot::test::import_csv;
using ritualbot::test::reasons;

TEST_CASE("CSV import: quotes, embedded commas and newlines, CRLF, BOM, any header case",
          "[import]") {
    rs::Database db = ritualbot::test::test_database();
    const auto report =
        import_csv(db,
                   "\xEF\xBB\xBF"
                   "ID,Created_At,REQUEST_TYPE,Tags,Priority,Requester\r\n"
                   "T-1,2026-11-20T09:00:00Z,\"billing, card\",vip;eu,high,Ann@Example.com\r\n"
                   "\"T-2\",2026-11-20T10:00:00+01:00,\"multi\r\nline\",,low,\r\n"
                   "T-3,2026-11-20T11:00:00Z,\"say \"\"hi\"\"\",,,\r\n");
    INFO(reasons(report));
    CHECK(report.accepted == 3);
    CHECK(report.rejected.empty());

    rs::Tickets tickets(db);
    const auto t1 = tickets.find("C1", "T-1");
    REQUIRE(t1);
    CHECK(t1->request_type == "billing, card");
    CHECK(t1->tags == "vip;eu");
    CHECK_FALSE(t1->csat);  // no csat column: unknown, not zero
    CHECK_FALSE(t1->escalated);
    // Hashed with this database's key; the raw requester is nowhere.
    CHECK(t1->requester_hash == rc::requester_hash("ann@example.com", tickets.requester_key()));
    CHECK(tickets.find("C1", "T-2")->request_type == "multi\r\nline");
    CHECK(tickets.find("C1", "T-2")->created_at == tickets.find("C1", "T-1")->created_at);
    CHECK_FALSE(tickets.find("C1", "T-2")->requester_hash);
    CHECK(tickets.find("C1", "T-3")->request_type == "say \"hi\"");
}

TEST_CASE("CSV import: bad rows are rejected with their line, good rows kept", "[import]") {
    rs::Database db = ritualbot::test::test_database();
    const auto report = import_csv(db,
                                   "id,created_at,csat,escalated\n"
                                   "T-1,2026-11-20T09:00:00Z,5,0\n"
                                   ",2026-11-20T09:00:00Z,5,0\n"
                                   "T-3,not a time,5,0\n"
                                   "T-4,2026-11-20T09:00:00Z,9,0\n"
                                   "\"T-5\nstill T-5\",2026-11-20T09:00:00Z,3,yes\n"
                                   "T-6,2026-11-20T09:00:00Z,3\n"
                                   "\n"
                                   "T-7,2026-11-20T09:00:00Z,,1\n");
    INFO(reasons(report));
    CHECK(report.accepted == 2);
    REQUIRE(report.rejected.size() == 5);
    CHECK(report.rejected[0].line == 3);
    CHECK(report.rejected[0].reason == "id is missing");
    CHECK(report.rejected[1].line == 4);
    CHECK_THAT(report.rejected[1].reason, Contains("created_at \"not a time\""));
    CHECK(report.rejected[2].line == 5);
    CHECK_THAT(report.rejected[2].reason, Contains("csat \"9\" is outside 1–5"));
    CHECK(report.rejected[3].line == 6);  // the record starts on line 6 and spans 7
    CHECK_THAT(report.rejected[3].reason, Contains("escalated \"yes\""));
    CHECK(report.rejected[4].line == 8);
    CHECK_THAT(report.rejected[4].reason, Contains("has 3 fields; the header has 4"));

    rs::Tickets tickets(db);
    CHECK(tickets.count("C1") == 2);
    CHECK_FALSE(tickets.find("C1", "T-4"));  // nothing of a rejected row is stored
    CHECK_FALSE(tickets.find("C1", "T-7")->csat);
}

TEST_CASE("CSV import: a header without id or created_at rejects the whole file", "[import]") {
    rs::Database db = ritualbot::test::test_database();
    auto report = import_csv(db, "ticket,created\nT-1,2026-11-20T09:00:00Z\n");
    CHECK(report.accepted == 0);
    REQUIRE(report.rejected.size() == 1);
    CHECK(report.rejected[0].line == 1);
    CHECK_THAT(report.rejected[0].reason, Contains("no id and no created_at columns"));

    report = import_csv(db, "");
    REQUIRE(report.rejected.size() == 1);
    CHECK_THAT(report.rejected[0].reason, Contains("empty"));

    report = import_csv(db, "id,ID,created_at\n");
    REQUIRE(report.rejected.size() == 1);
    CHECK_THAT(report.rejected[0].reason, Contains("twice"));
    CHECK(rs::Tickets(db).count("C1") == 0);
}

TEST_CASE("CSV import: an unterminated quote rejects its record and stores nothing of it",
          "[import]") {
    rs::Database db = ritualbot::test::test_database();
    const auto report = import_csv(db,
                                   "id,created_at\n"
                                   "T-1,2026-11-20T09:00:00Z\n"
                                   "\"T-2,2026-11-20T09:00:00Z\n"
                                   "T-3,2026-11-20T09:00:00Z\n");
    CHECK(report.accepted == 1);
    REQUIRE(report.rejected.size() == 1);
    CHECK(report.rejected[0].line == 3);
    CHECK(rs::Tickets(db).count("C1") == 1);
}

TEST_CASE("CSV import is idempotent: re-importing updates", "[import]") {
    rs::Database db = ritualbot::test::test_database();
    const std::string file = "id,created_at,csat\nT-1,2026-11-20T09:00:00Z,2\n";
    CHECK(import_csv(db, file).accepted == 1);
    CHECK(import_csv(db, file).accepted == 1);
    CHECK(rs::Tickets(db).count("C1") == 1);
    import_csv(db, "id,created_at,csat\nT-1,2026-11-20T09:00:00Z,4\n");
    CHECK(rs::Tickets(db).find("C1", "T-1")->csat == 4);
    // A later source without the csat column leaves it as it was.
    import_csv(db, "id,created_at,agent\nT-1,2026-11-20T09:00:00Z,ann\n");
    CHECK(rs::Tickets(db).find("C1", "T-1")->csat == 4);
    CHECK(rs::Tickets(db).find("C1", "T-1")->agent == "ann");
}

TEST_CASE("JSON ingest: an array, per-item errors, valid items kept", "[import]") {
    rs::Database db = ritualbot::test::test_database();
    const auto report = rc::ingest_tickets_json(db, "C1", R"([
        {"id": "T-1", "created_at": "2026-11-20T09:00:00Z", "csat": 4, "escalated": true,
         "tags": ["vip", "eu"], "reopens": 1.0, "extra": {"x": 1}},
        {"id": "T-2", "created_at": "2026-11-20T09:00:00Z", "csat": 6},
        "not an object",
        {"created_at": "2026-11-20T09:00:00Z"},
        {"id": "T-5", "created_at": "2026-11-20T09:00:00Z", "csat": null}
    ])");
    INFO(reasons(report));
    CHECK(report.accepted == 2);
    REQUIRE(report.rejected.size() == 3);
    CHECK(report.rejected[0].line == 2);
    CHECK_THAT(report.rejected[0].reason, Contains("outside 1–5"));
    CHECK(report.rejected[1].line == 3);
    CHECK(report.rejected[2].line == 4);
    CHECK(report.rejected[2].reason == "id is missing");
    const auto t1 = rs::Tickets(db).find("C1", "T-1");
    REQUIRE(t1);
    CHECK(t1->csat == 4);
    CHECK(t1->escalated == true);
    CHECK(t1->tags == "vip;eu");
    CHECK(t1->reopens == 1);
    CHECK_FALSE(rs::Tickets(db).find("C1", "T-5")->csat);
}

TEST_CASE("JSON ingest: NDJSON reports lines - garbage is one reject", "[import]") {
    rs::Database db = ritualbot::test::test_database();
    const auto report =
        rc::ingest_tickets_json(db, "C1",
                                "{\"id\": \"T-1\", \"created_at\": \"2026-11-20T09:00:00Z\"}\n"
                                "\n"
                                "{\"id\": \"T-2\", \"created_at\": \"2026-11-20T09:00:00Z\"\n"
                                "{\"id\": \"T-3\", \"created_at\": \"2026-11-20T09:00:00Z\"}\r\n");
    CHECK(report.accepted == 2);
    REQUIRE(report.rejected.size() == 1);
    CHECK(report.rejected[0].line == 3);
    CHECK(report.rejected[0].reason == "not valid JSON");

    auto bad = rc::ingest_tickets_json(db, "C1", "[1, 2");
    REQUIRE(bad.rejected.size() == 1);
    CHECK(bad.accepted == 0);
    bad = rc::ingest_tickets_json(db, "C1", "   ");
    REQUIRE(bad.rejected.size() == 1);
}

TEST_CASE("JSON ingest: a count too large for an integer is a rejected row, not a cast", "[import]") {
    rs::Database db = ritualbot::test::test_database();
    // Casting 1e300 to an integer was undefined (UBSan's float-cast-overflow in build-asan).
    const auto report = rc::ingest_tickets_json(db, "C1", R"([
        {"id": "T-1", "created_at": "2026-11-20T09:00:00Z", "reopens": 1e300},
        {"id": "T-2", "created_at": "2026-11-20T09:00:00Z", "reopens": -1e19},
        {"id": "T-3", "created_at": "2026-11-20T09:00:00Z", "reopens": 2.0}])");
    CHECK(report.accepted == 1);
    REQUIRE(report.rejected.size() == 2);
    CHECK(report.rejected[0].line == 1);
    CHECK_THAT(report.rejected[0].reason, Catch::Contains("reopens"));
    CHECK(report.rejected[1].line == 2);
    CHECK(rs::Tickets(db).find("C1", "T-3")->reopens == 2);
}

TEST_CASE("the signal columns: CSV and JSON alike - checked like the others - kept on re-import",
          "[import][signals]") {
    rs::Database db = ritualbot::test::test_database();
    const auto csv = import_csv(db,
                                "id,created_at,escalated_at,deflected,repeat_info,policy_exception\n"
                                "T-1,2026-11-20T09:00:00Z,2026-11-20T09:45:00Z,true,0,1\n"
                                "T-2,2026-11-20T09:00:00Z,2026-11-20T08:00:00Z,,,\n"
                                "T-3,2026-11-20T09:00:00Z,soon,,,\n"
                                "T-4,2026-11-20T09:00:00Z,,maybe,,\n");
    const auto json = rc::ingest_tickets_json(db, "C1", R"([
        {"id": "J-1", "created_at": "2026-11-20T09:00:00Z", "escalated_at": "2026-11-20T10:00:00Z",
         "deflected": false, "repeat_info": true, "policy_exception": 0},
        {"id": "J-2", "created_at": "2026-11-20T09:00:00Z", "escalated_at": "2026-11-20T08:00:00Z"},
        {"id": "J-3", "created_at": "2026-11-20T09:00:00Z", "repeat_info": "often"}
    ])");
    INFO(reasons(csv) << reasons(json));
    CHECK(csv.accepted == 1);
    REQUIRE(csv.rejected.size() == 3);
    CHECK(csv.rejected[0].reason == "escalated_at is before created_at");
    CHECK_THAT(csv.rejected[1].reason, Contains("escalated_at \"soon\" is not an ISO 8601 time"));
    CHECK(csv.rejected[2].reason == "deflected \"maybe\" is not 0/1 or true/false");
    CHECK(json.accepted == 1);
    REQUIRE(json.rejected.size() == 2);
    CHECK(json.rejected[0].reason == "escalated_at is before created_at");
    CHECK(json.rejected[1].reason == "repeat_info \"often\" is not 0/1 or true/false");

    const auto t1 = rs::Tickets(db).find("C1", "T-1");
    REQUIRE(t1);
    CHECK(*t1->escalated_at - t1->created_at == 45 * 60 * 1000);
    CHECK(t1->deflected == true);
    CHECK(t1->repeat_info == false);
    CHECK(t1->policy_exception == true);
    const auto j1 = rs::Tickets(db).find("C1", "J-1");
    REQUIRE(j1);
    CHECK(*j1->escalated_at - j1->created_at == 3600 * 1000);
    CHECK(j1->deflected == false);
    CHECK(j1->repeat_info == true);
    CHECK(j1->policy_exception == false);

    // A source without the columns leaves them as they were.
    import_csv(db, "id,created_at,csat\nT-1,2026-11-20T09:00:00Z,3\n");
    CHECK(rs::Tickets(db).find("C1", "T-1")->policy_exception == true);
    CHECK(rs::Tickets(db).find("C1", "T-1")->escalated_at == t1->escalated_at);
}
