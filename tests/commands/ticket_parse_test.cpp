#include <catch2/catch.hpp>

#include <sstream>

#include "commands/ticket_data/csv_reader.hpp"
#include "commands/ticket_data/iso_time.hpp"
#include "commands/ticket_data/requester_hash.hpp"
#include "commands/ticket_data/ticket.hpp"

namespace rc = ritualbot::commands;
using Catch::Contains;

TEST_CASE("ISO 8601 times need an offset and become unix milliseconds", "[tickets]") {
    CHECK(rc::parse_iso8601_ms("1970-01-01T00:00:00Z") == 0);
    CHECK(rc::parse_iso8601_ms("2026-11-20T09:15:00Z") == 1795166100000);
    CHECK(rc::parse_iso8601_ms("2026-11-20T10:15:00+01:00") == 1795166100000);
    CHECK(rc::parse_iso8601_ms("2026-11-20T10:15:00+0100") == 1795166100000);
    CHECK(rc::parse_iso8601_ms("2026-11-20T10:15+01") == 1795166100000);
    CHECK(rc::parse_iso8601_ms("2026-11-20 04:15:00.250-05:00") == 1795166100250);
    CHECK(rc::parse_iso8601_ms("2026-11-20t09:15:00z") == 1795166100000);
    for (const char* bad : {"2026-11-20T09:15:00", "2026-11-20", "2026-02-30T00:00:00Z",
                            "2026-11-20T24:00:00Z", "20261120T091500Z", "2026-11-20T09:15:00Zx",
                            "yesterday", "", "2026-11-20T09:15:00+25:00"}) {
        INFO(bad);
        CHECK_FALSE(rc::parse_iso8601_ms(bad));
    }
    CHECK(rc::format_iso8601_utc(1795166100000) == "2026-11-20T09:15:00Z");
    CHECK(rc::format_iso8601_utc(1795166100250) == "2026-11-20T09:15:00.250Z");
}

TEST_CASE("requester_hash is SipHash-2-4 over the normalised key", "[tickets]") {
    // The reference test vector: key 00..0f, message 00..0e.
    std::string key, message;
    for (int i = 0; i < 16; ++i) key.push_back(static_cast<char>(i));
    for (int i = 0; i < 15; ++i) message.push_back(static_cast<char>(i));
    CHECK(static_cast<std::uint64_t>(rc::requester_hash(message, key)) == 0xa129ca6149be45e5ULL);
    CHECK(static_cast<std::uint64_t>(rc::requester_hash("", key)) == 0x726fdb47dd0e0e31ULL);
    CHECK(rc::requester_hash(" Ann@Example.com ", key) ==
          rc::requester_hash("ann@example.com", key));
    CHECK(rc::requester_hash("ann@example.com", key) !=
          rc::requester_hash("ann@example.com", "k2"));
}

TEST_CASE("header names are matched case-insensitively", "[tickets]") {
    CHECK(rc::ticket_column("ID") == rc::TicketColumn::id);
    CHECK(rc::ticket_column(" Created_At ") == rc::TicketColumn::created_at);
    CHECK(rc::ticket_column("channel") == rc::TicketColumn::channel);
    CHECK_FALSE(rc::ticket_column("priority"));
}

namespace {

rc::TicketFieldsText fields(std::initializer_list<std::pair<rc::TicketColumn, const char*>> list) {
    rc::TicketFieldsText out;
    for (const auto& [column, value] : list) out[static_cast<unsigned>(column)] = value;
    return out;
}

}  // namespace

TEST_CASE("parse_ticket converts and checks every column", "[tickets]") {
    using C = rc::TicketColumn;
    const auto ok = rc::parse_ticket(fields({{C::id, "T-1"},
                                             {C::created_at, "2026-11-20T09:00:00Z"},
                                             {C::first_response_at, "2026-11-20T09:20:00Z"},
                                             {C::escalated, "TRUE"},
                                             {C::recontact, "0"},
                                             {C::csat, " 5 "},
                                             {C::reopens, "2"},
                                             {C::requester, "ann@example.com"},
                                             {C::checklist_skipped, ""}}));
    REQUIRE(ok);
    CHECK(ok->row.id == "T-1");
    CHECK(*ok->row.first_response_at - ok->row.created_at == 20 * 60 * 1000);
    CHECK(ok->row.escalated == true);
    CHECK(ok->row.recontact == false);
    CHECK(ok->row.csat == 5);
    CHECK(ok->row.reopens == 2);
    CHECK(ok->requester == "ann@example.com");
    CHECK_FALSE(ok->row.checklist_skipped);  // present but empty: unknown
    CHECK((ok->row.fields &
           ritualbot::storage::bit(ritualbot::storage::TicketField::checklist_skipped)) != 0);
    CHECK((ok->row.fields &
           ritualbot::storage::bit(ritualbot::storage::TicketField::manual_retries)) == 0);

    const auto reason = [&](rc::TicketFieldsText f) { return rc::parse_ticket(f).error(); };
    const char* created = "2026-11-20T09:00:00Z";
    CHECK(reason(fields({{C::created_at, created}})) == "id is missing");
    CHECK(reason(fields({{C::id, "T"}})) == "created_at is missing");
    CHECK_THAT(reason(fields({{C::id, "T"}, {C::created_at, "20/11/2026"}})),
               Contains("created_at \"20/11/2026\" is not an ISO 8601 time"));
    CHECK(reason(fields({{C::id, "T"}, {C::created_at, created}, {C::csat, "7"}})) ==
          "csat \"7\" is outside 1–5");
    CHECK(reason(fields({{C::id, "T"}, {C::created_at, created}, {C::csat, "0"}})) ==
          "csat \"0\" is outside 1–5");
    CHECK_THAT(reason(fields({{C::id, "T"}, {C::created_at, created}, {C::escalated, "maybe"}})),
               Contains("is not 0/1 or true/false"));
    CHECK_THAT(reason(fields({{C::id, "T"}, {C::created_at, created}, {C::reopens, "-1"}})),
               Contains("reopens \"-1\" is not a whole number"));
    CHECK(
        reason(fields(
            {{C::id, "T"}, {C::created_at, created}, {C::resolved_at, "2026-11-20T08:00:00Z"}})) ==
        "resolved_at is before created_at");
}

TEST_CASE("the CSV reader follows RFC 4180 and reports where records start", "[csv]") {
    std::istringstream in(
        "\xEF\xBB\xBFid,note\r\n"
        "1,\"a, b\"\r\n"
        "2,\"line one\nline two\"\n"
        "3,\"say \"\"hi\"\"\"\n"
        "4,\n"
        "5,plain\"quote");
    rc::CsvReader reader(in);
    std::vector<std::string> f;
    using V = std::vector<std::string>;
    REQUIRE(reader.next(f));
    CHECK(f == V{"id", "note"});
    CHECK(reader.line() == 1);
    REQUIRE(reader.next(f));
    CHECK(f == V{"1", "a, b"});
    CHECK(reader.line() == 2);
    REQUIRE(reader.next(f));
    CHECK(f == V{"2", "line one\nline two"});
    CHECK(reader.line() == 3);
    REQUIRE(reader.next(f));
    CHECK(f == V{"3", "say \"hi\""});
    CHECK(reader.line() == 5);
    REQUIRE(reader.next(f));
    CHECK(f == V{"4", ""});
    REQUIRE(reader.next(f));
    CHECK(f == V{"5", "plain\"quote"});
    CHECK(reader.error().empty());
    CHECK_FALSE(reader.next(f));
}

TEST_CASE("an unterminated quote is an error on the record where it opened", "[csv]") {
    std::istringstream in("id\n1\n\"2\n3\n");
    rc::CsvReader reader(in);
    std::vector<std::string> f;
    REQUIRE(reader.next(f));
    REQUIRE(reader.next(f));
    REQUIRE(reader.next(f));
    CHECK(reader.line() == 3);
    CHECK_THAT(reader.error(), Contains("never closed"));
    CHECK_FALSE(reader.next(f));
}
