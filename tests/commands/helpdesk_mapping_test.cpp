// Zendesk and Freshdesk pages mapped onto ticket rows, from fixtures in the documented shapes.

#include <catch2/catch.hpp>

#include "commands/connectors/freshdesk_mapping.hpp"
#include "commands/connectors/zendesk_mapping.hpp"
#include "commands/ticket_data/iso_time.hpp"
#include "helpdesk_fixtures.hpp"

using namespace ritualbot;
using namespace ritualbot::commands;
using ritualbot::test::helpdesk_fixture;

namespace {

std::int64_t at(const char* iso) {
    return *parse_iso8601_ms(iso);
}

const Ticket& ticket_with_id(const HelpdeskPage& page, const std::string& id) {
    for (const MappedTicket& mapped : page.tickets) {
        if (mapped.id == id) {
            REQUIRE(mapped.ticket.has_value());
            return *mapped.ticket;
        }
    }
    FAIL("no ticket " << id);
    throw std::logic_error("unreachable");
}

MappingOptions options_with(const char* rule) {
    return {*parse_request_type_rule(rule), std::string(16, 'k')};
}

}  // namespace

TEST_CASE("a Zendesk export page maps onto ticket rows") {
    const auto page = map_zendesk_page(helpdesk_fixture("zendesk_export_page.json"),
                                       options_with("tag-prefix:rt_"));
    REQUIRE(page.has_value());
    CHECK(page->tickets.size() == 4);  // the deleted one is not a row
    CHECK(page->end_of_stream);
    CHECK(page->next_cursor == "MTc2MzgyNzIwMC4wfHwzNTQ0MHw=");

    const storage::TicketRow& solved = ticket_with_id(*page, "35436").row;
    CHECK(solved.created_at == at("2026-11-20T09:15:00Z"));
    CHECK(solved.first_response_at == at("2026-11-20T09:57:00Z"));  // + 42 calendar minutes
    CHECK(solved.resolved_at == at("2026-11-20T11:00:00Z"));
    CHECK(solved.reopens == 0);
    CHECK(solved.escalated == false);
    CHECK(solved.contact_channel == "email");
    CHECK(solved.csat == 5);
    CHECK(solved.request_type == "billing");
    CHECK(solved.tags == "enterprise;rt_billing");
    CHECK(solved.source == "zendesk");
    REQUIRE(solved.agent.has_value());
    CHECK(solved.agent->starts_with("agent:"));
    CHECK(solved.agent->find("235323") == std::string::npos);  // hashed, never the id
    CHECK(ticket_with_id(*page, "35436").requester == "20978392");

    const storage::TicketRow& open = ticket_with_id(*page, "35437").row;
    CHECK(open.escalated == true);  // three group stations
    CHECK(open.reopens == 2);
    CHECK(open.csat == 1);
    CHECK(open.contact_channel == "chat");  // via id 29
    CHECK_FALSE(open.resolved_at.has_value());
    CHECK_FALSE(open.agent.has_value());
    CHECK(open.request_type == "login");
}

TEST_CASE("Zendesk follow-ups flag the ticket they follow and deleted tickets are listed") {
    const auto page =
        map_zendesk_page(helpdesk_fixture("zendesk_export_page.json"), options_with("none"));
    REQUIRE(page.has_value());
    CHECK(page->recontacted == std::vector<std::string>{"35436"});
    CHECK(page->deleted == std::vector<std::string>{"35439"});
    const Ticket& follow_up = ticket_with_id(*page, "35438");
    CHECK_FALSE(follow_up.row.csat.has_value());  // offered, never answered
    CHECK_FALSE(follow_up.row.first_response_at.has_value());
    CHECK((follow_up.row.fields & storage::bit(storage::TicketField::recontact)) == 0);
    // Without a rule the request type is left out, not emptied.
    CHECK((follow_up.row.fields & storage::bit(storage::TicketField::request_type)) == 0);
}

TEST_CASE("a Zendesk request type comes from the custom field the admin names") {
    const auto page = map_zendesk_page(helpdesk_fixture("zendesk_export_page.json"),
                                       options_with("field:360001"));
    REQUIRE(page.has_value());
    CHECK(ticket_with_id(*page, "35437").row.request_type == "login");
    CHECK_FALSE(ticket_with_id(*page, "35438").row.request_type.has_value());  // no value: unknown
}

TEST_CASE("Zendesk via channels keep their names and numeric ids are named") {
    CHECK(zendesk_channel_name(nlohmann::json("voice")) == "voice");
    CHECK(zendesk_channel_name(nlohmann::json(4)) == "email");
    CHECK(zendesk_channel_name(nlohmann::json(50)) == "via_50");
    const auto page =
        map_zendesk_page(helpdesk_fixture("zendesk_export_page.json"), options_with("none"));
    REQUIRE(page.has_value());
    const storage::TicketRow& bare = ticket_with_id(*page, "35440").row;
    CHECK(bare.contact_channel == "via_50");
    // No metric set: the columns it would give are left out, so stored values stay.
    CHECK((bare.fields & storage::bit(storage::TicketField::reopens)) == 0);
}

TEST_CASE("a Zendesk answer that is not an export page is an error") {
    CHECK_FALSE(map_zendesk_page("<html>login</html>", options_with("none")).has_value());
    CHECK_FALSE(map_zendesk_page(R"({"users":[]})", options_with("none")).has_value());
    const auto bad_ticket =
        map_zendesk_page(R"({"tickets":[{"id":1,"created_at":"yesterday"}],"end_of_stream":true})",
                         options_with("none"));
    REQUIRE(bad_ticket.has_value());
    REQUIRE(bad_ticket->tickets.size() == 1);
    CHECK_FALSE(bad_ticket->tickets[0].ticket.has_value());
    CHECK_THAT(bad_ticket->tickets[0].ticket.error(), Catch::Contains("created_at"));
}

TEST_CASE("a Freshdesk ticket list maps onto ticket rows") {
    const auto page = map_freshdesk_tickets(helpdesk_fixture("freshdesk_tickets.json"),
                                            options_with("field:cf_request_type"));
    REQUIRE(page.has_value());
    CHECK(page->items == 4);
    CHECK(page->tickets.size() == 3);
    CHECK(page->deleted == std::vector<std::string>{"504"});
    CHECK(page->newest_change == "2026-11-21T12:30:00Z");

    const storage::TicketRow& resolved = ticket_with_id(*page, "501").row;
    CHECK(resolved.first_response_at == at("2026-11-20T09:30:00Z"));
    CHECK(resolved.resolved_at == at("2026-11-20T15:00:00Z"));
    CHECK(resolved.reopens == 0);
    CHECK(resolved.escalated == false);
    CHECK(resolved.contact_channel == "email");
    CHECK(resolved.request_type == "billing");
    CHECK(resolved.source == "freshdesk");

    const storage::TicketRow& closed = ticket_with_id(*page, "502").row;
    CHECK(closed.resolved_at == at("2026-11-21T10:00:00Z"));  // closed (5) without resolved_at
    CHECK(closed.reopens == 1);
    CHECK(closed.escalated == true);
    CHECK(closed.contact_channel == "chat");
    CHECK_FALSE(closed.request_type.has_value());

    CHECK(ticket_with_id(*page, "503").row.contact_channel == "source_42");
}

TEST_CASE("Freshdesk satisfaction ratings become csat on DESIGN's scale") {
    const auto page = map_freshdesk_ratings(helpdesk_fixture("freshdesk_ratings.json"));
    REQUIRE(page.has_value());
    using Rating = std::pair<std::string, int>;
    CHECK(page->ratings == std::vector<Rating>{{"501", 5}, {"502", 1}});  // 7 is off the scale
    CHECK(page->newest_change == "2026-11-21T12:00:00Z");
    CHECK(freshdesk_csat(nlohmann::json(100)) == 3);
    CHECK(freshdesk_csat(nlohmann::json(-101)) == 2);
    CHECK_FALSE(map_freshdesk_tickets(R"({"code":"invalid_credentials"})", options_with("none"))
                    .has_value());
}

TEST_CASE("request type rules are checked") {
    CHECK(parse_request_type_rule("field:360001")->kind == RequestTypeRule::Kind::field);
    CHECK(parse_request_type_rule("tag-prefix:rt_")->value == "rt_");
    CHECK(parse_request_type_rule("none")->kind == RequestTypeRule::Kind::none);
    CHECK_FALSE(parse_request_type_rule("column:7").has_value());
    CHECK_FALSE(parse_request_type_rule("field:").has_value());
}
