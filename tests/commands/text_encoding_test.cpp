#include <catch2/catch.hpp>

#include "commands/text_encoding.hpp"
#include "commands/ticket_data/importer.hpp"
#include "storage/tickets.hpp"
#include "support/test_database.hpp"
#include "ticket_fixtures.hpp"

namespace rc = ritualbot::commands;
namespace rs = ritualbot::storage;
using Catch::Contains;
using ritualbot::test::import_csv;

TEST_CASE("UTF-8 is checked byte by byte, as RFC 3629 defines it", "[utf8]") {
    CHECK_FALSE(rc::find_invalid_utf8(""));
    CHECK_FALSE(rc::find_invalid_utf8("plain ASCII"));
    CHECK_FALSE(rc::find_invalid_utf8("Caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x9A\xA2"));  // é € 🚢
    struct Case {
        const char* text;
        std::size_t offset;
    };
    for (const Case& bad : {
             Case{"Caf\xE9", 3},           // Latin-1 é
             Case{"\xC3", 0},              // truncated
             Case{"ab\xC0\xAF", 2},        // overlong '/'
             Case{"\xE0\x80\xAF", 0},      // overlong
             Case{"\xED\xA0\x80", 0},      // a surrogate
             Case{"\xF4\x90\x80\x80", 0},  // above U+10FFFF
             Case{"ok \xC3\xA9 \x80", 6},  // a lone continuation byte after a good é
             Case{"\xFF", 0},
         }) {
        INFO(bad.text);
        const auto invalid = rc::find_invalid_utf8(bad.text);
        REQUIRE(invalid);
        CHECK(invalid->offset == bad.offset);
    }
    const auto invalid = rc::find_invalid_utf8("Caf\xC3\xA9 cr\xE8me");
    REQUIRE(invalid);
    CHECK(rc::describe_invalid_utf8("Caf\xC3\xA9 cr\xE8me", *invalid) ==
          "byte 0xE8 at character 8 is not UTF-8");
}

TEST_CASE("Windows-1252 is told from UTF-8 with a stray byte, and converted", "[utf8]") {
    rc::EncodingEvidence windows;
    windows.add("request_type,agent");
    windows.add("Facturaci\xF3n \x96 r\xE9sum\xE9 \x80");
    CHECK(windows.looks_like_windows1252());
    CHECK(rc::windows1252_to_utf8("Facturaci\xF3n \x96 \x80") ==
          "Facturaci\xC3\xB3n \xE2\x80\x93 \xE2\x82\xAC");

    rc::EncodingEvidence stray;  // mostly UTF-8: the bad byte is a mistake, not an encoding
    stray.add("Caf\xC3\xA9");
    stray.add("cr\xE8me");
    CHECK_FALSE(stray.looks_like_windows1252());

    rc::EncodingEvidence undefined;  // 0x81 means nothing in Windows-1252
    undefined.add("a\x81");
    CHECK_FALSE(undefined.looks_like_windows1252());

    rc::EncodingEvidence ascii;
    ascii.add("all plain");
    CHECK_FALSE(ascii.looks_like_windows1252());
}

TEST_CASE("CSV import: a stray Latin-1 byte rejects that row by line and column only",
          "[import][utf8]") {
    rs::Database db = ritualbot::test::test_database();
    const auto report = import_csv(db,
                                   "id,created_at,request_type\n"
                                   "T-1,2026-11-20T09:00:00Z,Caf\xC3\xA9\n"
                                   "T-2,2026-11-20T10:00:00Z,Facturaci\xF3n\n"
                                   "T-3,2026-11-20T11:00:00Z,billing\n");
    CHECK(report.accepted == 2);
    REQUIRE(report.rejected.size() == 1);
    CHECK(report.rejected[0].line == 3);
    CHECK(report.rejected[0].reason ==
          "column 3 (request_type): byte 0xF3 at character 10 is not UTF-8");
    CHECK(report.note.empty());
    CHECK_FALSE(rs::Tickets(db).find("C1", "T-2"));
    CHECK(rs::Tickets(db).find("C1", "T-1")->request_type == "Caf\xC3\xA9");
}

TEST_CASE("CSV import: a whole Windows-1252 file is converted and the summary says so",
          "[import][utf8]") {
    rs::Database db = ritualbot::test::test_database();
    const auto report = import_csv(db,
                                   "id,created_at,request_type\n"
                                   "T-1,2026-11-20T09:00:00Z,Facturaci\xF3n\n"
                                   "T-2,2026-11-20T10:00:00Z,billing\n");
    CHECK(report.accepted == 2);
    CHECK(report.rejected.empty());
    CHECK_THAT(report.note, Contains("Windows-1252"));
    CHECK(rs::Tickets(db).find("C1", "T-1")->request_type == "Facturaci\xC3\xB3n");
    CHECK(ritualbot::test::query_int(db, "SELECT COUNT(*) FROM tickets") == 2);
}

TEST_CASE("JSON ingest: a body that is not UTF-8 stores nothing and says where", "[import][utf8]") {
    rs::Database db = ritualbot::test::test_database();
    const auto report = rc::ingest_tickets_json(
        db, "C1",
        "{\"id\":\"T-1\",\"created_at\":\"2026-11-20T09:00:00Z\"}\n"
        "{\"id\":\"T-2\",\"created_at\":\"2026-11-20T09:00:00Z\",\"request_type\":\"Caf\xE9\"}\n");
    CHECK(report.accepted == 0);
    REQUIRE(report.rejected.size() == 1);
    CHECK(report.rejected[0].line == 2);
    CHECK_THAT(report.rejected[0].reason, Contains("not UTF-8") && Contains("0xE9"));
    CHECK(ritualbot::test::query_int(db, "SELECT COUNT(*) FROM tickets") == 0);
}
