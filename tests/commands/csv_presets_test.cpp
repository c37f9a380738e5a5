// Helpdesk CSV exports (presets recognised by their header), --map, and what an import says
// about itself (the summary). Fixtures in tests/fixtures/csv are in each export's header layout.

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include <date/tz.h>

#include "commands/ticket_data/column_map.hpp"
#include "commands/ticket_data/export_time.hpp"
#include "commands/ticket_data/importer.hpp"
#include "commands/ticket_data/iso_time.hpp"
#include "commands/ticket_data/requester_hash.hpp"
#include "storage/tickets.hpp"
#include "support/test_database.hpp"
#include "ticket_fixtures.hpp"

namespace rc = ritualbot::commands;
namespace rs = ritualbot::storage;
using Catch::Contains;
using ritualbot::test::import_csv;
using ritualbot::test::reasons;

namespace {

std::string fixture(const std::string& name) {
    std::ifstream in(std::string(RITUALBOT_FIXTURES_DIR) + "/csv/" + name, std::ios::binary);
    REQUIRE(in);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::int64_t at(const char* iso) {
    return *rc::parse_iso8601_ms(iso);
}

}  // namespace

TEST_CASE("Zendesk export: recognised by its header - columns and vocabularies mapped",
          "[import][presets]") {
    rs::Database db = ritualbot::test::test_database();
    const auto report = import_csv(db, fixture("zendesk_export.csv"));
    INFO(reasons(report));
    CHECK(report.rejected.empty());
    CHECK(report.accepted == 4);
    CHECK(report.summary.preset == "Zendesk ticket export");

    rs::Tickets tickets(db);
    const auto first = tickets.find("C1", "101");
    REQUIRE(first);
    CHECK(first->source == "zendesk");
    CHECK(first->created_at == at("2026-11-20T08:15:00Z"));            // "… +0100"
    CHECK(first->first_response_at == at("2026-11-20T08:45:00Z"));     // + 30 minutes
    CHECK(first->resolved_at == at("2026-11-20T10:15:00Z"));
    CHECK(first->csat == 5);                                            // Good
    CHECK(first->tags == "vip;refund");                                 // space-separated
    CHECK(first->contact_channel == "web form");
    CHECK(first->request_type == "question");
    CHECK(first->escalated == false);
    CHECK(first->reopens == 0);
    CHECK(first->requester_hash == rc::requester_hash("9001", tickets.requester_key()));
    CHECK_FALSE(first->agent);  // the export has the assignee's name only: never stored

    const auto second = tickets.find("C1", "102");
    REQUIRE(second);
    CHECK(second->created_at == at("2026-11-20T10:00:00Z"));  // ISO 8601
    CHECK_FALSE(second->csat);                                 // Offered: no answer
    CHECK_FALSE(second->first_response_at);
    CHECK_FALSE(second->resolved_at);
    CHECK(second->escalated == true);  // two group stations
    CHECK(second->reopens == 1);

    const auto third = tickets.find("C1", "103");
    REQUIRE(third);
    CHECK(third->created_at == at("2026-11-21T08:00:00Z"));  // no offset: the channel's zone (UTC)
    CHECK(third->csat == 1);                                  // Bad
    CHECK(third->first_response_at == at("2026-11-21T08:45:00Z"));
    CHECK_FALSE(third->request_type);

    const auto fourth = tickets.find("C1", "104");
    REQUIRE(fourth);
    CHECK(fourth->created_at == at("2026-11-21T09:00:00Z"));  // "… UTC"
    CHECK(fourth->first_response_at == at("2026-11-21T09:12:30Z"));  // 12.5 minutes
    CHECK_FALSE(fourth->csat);                                       // Not Offered
    CHECK_THAT(report.summary.notes, Contains("without an offset") && Contains("UTC"));
}

TEST_CASE("Freshdesk export: recognised by its header - the agent's name is not stored",
          "[import][presets]") {
    rs::Database db = ritualbot::test::test_database();
    const auto report = import_csv(db, fixture("freshdesk_export.csv"));
    INFO(reasons(report));
    CHECK(report.accepted == 2);
    CHECK(report.summary.preset == "Freshdesk ticket export");
    rs::Tickets tickets(db);
    const auto first = tickets.find("C1", "2001");
    REQUIRE(first);
    CHECK(first->source == "freshdesk");
    CHECK(first->created_at == at("2026-11-20T09:00:00Z"));
    CHECK(first->first_response_at == at("2026-11-20T09:30:00Z"));
    CHECK(first->resolved_at == at("2026-11-20T11:00:00Z"));
    CHECK(first->tags == "login;sso");
    CHECK(first->contact_channel == "email");
    CHECK(first->request_type == "incident");
    CHECK(first->requester_hash == rc::requester_hash("7001", tickets.requester_key()));
    CHECK_FALSE(first->agent);
    CHECK_FALSE(tickets.find("C1", "2002")->first_response_at);
}

TEST_CASE("A wrong preset names the missing columns and the presets - nothing is stored",
          "[import][presets]") {
    rs::Database db = ritualbot::test::test_database();
    rc::ImportOptions options;
    options.preset = "zendesk";
    const auto report = import_csv(db, fixture("freshdesk_export.csv"), options);
    CHECK(report.accepted == 0);
    REQUIRE(report.rejected.size() == 1);
    CHECK(report.rejected[0].line == 1);
    CHECK_THAT(report.rejected[0].reason, Contains("no id and no created_at columns") &&
                                              Contains("zendesk (Zendesk ticket export") &&
                                              Contains("freshdesk (") && Contains("--map"));
    CHECK(rs::Tickets(db).count("C1") == 0);

    options.preset = "helpscout";
    const auto unknown = import_csv(db, fixture("zendesk_export.csv"), options);
    REQUIRE(unknown.rejected.size() == 1);
    CHECK_THAT(unknown.rejected[0].reason, Contains("no preset \"helpscout\""));
    CHECK(rs::Tickets(db).count("C1") == 0);
}

TEST_CASE("A file that matches no preset and lacks the columns gets the missing ones named",
          "[import][presets]") {
    rs::Database db = ritualbot::test::test_database();
    const auto report = import_csv(db, "Ticket,Opened at,Owner\nA-1,2026-11-20 09:00,x\n");
    REQUIRE(report.rejected.size() == 1);
    CHECK_THAT(report.rejected[0].reason,
               Contains("no id and no created_at columns") && Contains("presets: zendesk"));
    const auto only_id = import_csv(db, "id,Opened at\nA-1,2026-11-20 09:00\n");
    REQUIRE(only_id.rejected.size() == 1);
    CHECK_THAT(only_id.rejected[0].reason, Contains("no created_at column"));
}

TEST_CASE("a column map (--map) names the columns of any CSV - also on top of a preset", "[import][presets]") {
    rs::Database db = ritualbot::test::test_database();
    auto map = rc::parse_column_map(
        "id=Ticket, created_at=Opened at,first_response_at=minutes:Reply mins,csat=Rating");
    REQUIRE(map);
    rc::ImportOptions options;
    options.map = *map;
    const auto report = import_csv(db,
                                   "Ticket,Opened at,Reply mins,Rating,channel\n"
                                   "A-1,2026-11-20 09:00 +0100,15,Good,chat\n"
                                   "A-2,2026-11-20 10:00 +0100,x,4,email\n",
                                   options);
    INFO(reasons(report));
    CHECK(report.accepted == 1);
    REQUIRE(report.rejected.size() == 1);
    CHECK(report.rejected[0].line == 3);
    CHECK_THAT(report.rejected[0].reason, Contains("\"Reply mins\"") && Contains("minutes"));
    const auto ticket = rs::Tickets(db).find("C1", "A-1");
    REQUIRE(ticket);
    CHECK(ticket->created_at == at("2026-11-20T08:00:00Z"));
    CHECK(ticket->first_response_at == at("2026-11-20T08:15:00Z"));
    CHECK(ticket->csat == 5);
    CHECK(ticket->contact_channel == "chat");  // DESIGN's names still count beside --map

    // On a preset: the export's "Subject" as the request type instead of "Ticket type".
    rs::Database zendesk_db = ritualbot::test::test_database();
    auto subject = rc::parse_column_map("request_type=Subject");
    REQUIRE(subject);
    rc::ImportOptions on_preset;
    on_preset.map = *subject;
    const auto mapped = import_csv(zendesk_db, fixture("zendesk_export.csv"), on_preset);
    CHECK(mapped.accepted == 4);
    CHECK(mapped.summary.preset == "Zendesk ticket export");
    CHECK(rs::Tickets(zendesk_db).find("C1", "101")->request_type == "Refund, please");

    CHECK_THAT(rc::parse_column_map("owner=Assignee").error(), Contains("not a ticket field"));
    CHECK_THAT(rc::parse_column_map("created_at").error(), Contains("FIELD=COLUMN"));
    CHECK_THAT(rc::parse_column_map("csat=minutes:x").error(), Contains("only first_response_at"));
    rc::ImportOptions absent;
    absent.map = *rc::parse_column_map("created_at=Opened");
    CHECK_THAT(import_csv(db, "id,created\nA,2026-11-20T09:00:00Z\n", absent).rejected[0].reason,
               Contains("no column \"Opened\""));
}

TEST_CASE("An export with a BOM and CRLF line ends reads like any other", "[import][presets]") {
    rs::Database db = ritualbot::test::test_database();
    std::string text = fixture("zendesk_export.csv");
    std::string crlf = "\xEF\xBB\xBF";
    for (const char c : text) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
    const auto report = import_csv(db, crlf);
    INFO(reasons(report));
    CHECK(report.accepted == 4);
    CHECK(report.summary.preset == "Zendesk ticket export");
    CHECK(rs::Tickets(db).find("C1", "104")->first_response_at == at("2026-11-21T09:12:30Z"));
}

TEST_CASE("A Latin-1 export is converted and the summary says so", "[import][presets]") {
    rs::Database db = ritualbot::test::test_database();
    std::string text = fixture("freshdesk_export.csv");
    const std::string incident = "Incident";
    text.replace(text.find(incident), incident.size(), "R\xE9seau");  // é in Latin-1
    const auto report = import_csv(db, text);
    INFO(reasons(report));
    CHECK(report.accepted == 2);
    CHECK(rs::Tickets(db).find("C1", "2001")->request_type == "r\xC3\xA9seau");
    CHECK_THAT(report.summary.notes, Contains("Windows-1252 (Latin-1)"));
}

TEST_CASE("Export times: offsets after a blank - UTC - and local times in the zone",
          "[import][presets]") {
    const date::time_zone* berlin = date::locate_zone("Europe/Berlin");
    auto t = rc::parse_export_time("2026-11-20 09:15:00 +0100", berlin);
    REQUIRE(t);
    CHECK(t->unix_ms == at("2026-11-20T08:15:00Z"));
    CHECK_FALSE(t->local);
    t = rc::parse_export_time("2026-07-20 09:15:00", berlin);  // summer time: +02:00
    REQUIRE(t);
    CHECK(t->unix_ms == at("2026-07-20T07:15:00Z"));
    CHECK(t->local);
    CHECK(rc::parse_export_time("2026-11-20 09:15 GMT", berlin)->unix_ms ==
          at("2026-11-20T09:15:00Z"));
    CHECK_FALSE(rc::parse_export_time("20/11/2026 09:15", berlin));
    CHECK_FALSE(rc::parse_export_time("2026-02-30 09:15", berlin));
    CHECK_FALSE(rc::parse_export_time("2026-11-20 09:15 +01:00x", berlin));
}

TEST_CASE("The summary: rows - date range - coverage per field - columns not in the file",
          "[import][summary]") {
    rs::Database db = ritualbot::test::test_database();
    const auto report = import_csv(db,
                                   "id,created_at,csat,tags\n"
                                   "1,2026-11-20T09:00:00Z,5,a\n"
                                   "2,2026-11-21T09:00:00Z,,b\n"
                                   "3,2026-11-22T09:00:00Z,2,\n"
                                   "4,2026-11-23T09:00:00Z,,\n"
                                   "5,2026-11-23T10:00:00Z,9,\n");
    CHECK(report.accepted == 4);
    CHECK(report.summary.rows == 4);
    const std::string text = rc::format_import_summary(report.summary, nullptr);
    CHECK_THAT(text, Contains("4 tickets, created 2026-11-20 to 2026-11-23."));
    CHECK_THAT(text, Contains("csat present on 50%") && Contains("tags present on 50%"));
    CHECK_THAT(text, Contains("Not in the file: first_response_at, resolved_at"));
    CHECK_THAT(text, !Contains("id present") && !Contains("from a"));

    const date::time_zone* tokyo = date::locate_zone("Asia/Tokyo");
    CHECK_THAT(rc::format_import_summary(report.summary, tokyo),
               Contains("created 2026-11-20 to 2026-11-23"));
    rc::ImportSummary one;
    one.preset = "Zendesk ticket export";
    rc::Ticket ticket;
    ticket.row.created_at = at("2026-11-20T23:30:00Z");
    one.add(ticket);
    CHECK_THAT(rc::format_import_summary(one, tokyo),
               Contains("1 ticket from a Zendesk ticket export, created 2026-11-21."));
}
