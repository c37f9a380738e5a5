#pragma once
// What one page of a helpdesk's API comes to once mapped (zendesk_mapping, freshdesk_mapping),
// and the rules both mappings share: the request type the admin names, agent hashing, and
// filling a ticket's columns so that it goes through parse_ticket like a CSV row.
// Pure functions, safe from any thread.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "commands/result.hpp"
#include "commands/ticket_data/ticket.hpp"

namespace ritualbot::commands {

// Where the request type of a helpdesk ticket comes from, as an admin sets it:
// `field:ID` (a Zendesk custom field id, or a Freshdesk `cf_…` name) or `tag-prefix:PREFIX`
// (the first tag starting with PREFIX, without it). Empty: no request type.
struct RequestTypeRule {
    enum class Kind { none, field, tag_prefix } kind = Kind::none;
    std::string value;
};
Result<RequestTypeRule> parse_request_type_rule(std::string_view text);

struct MappingOptions {
    RequestTypeRule request_type;
    std::string hash_key;  // storage::Tickets::requester_key(): agents are stored hashed
};

struct MappedTicket {
    std::string id;  // the helpdesk's id, for the reject report
    Result<Ticket> ticket;
};

struct HelpdeskPage {
    std::vector<MappedTicket> tickets;
    std::vector<std::string> deleted;                  // ids the helpdesk deleted
    std::vector<std::string> recontacted;              // ids a follow-up ticket follows
    std::vector<std::pair<std::string, int>> ratings;  // (ticket id, csat 1–5)
    std::optional<std::string> next_cursor;            // Zendesk: where the next request resumes
    bool end_of_stream = false;                        // Zendesk: caught up with the present
    std::size_t items = 0;      // Freshdesk: items on the page (a full page means more)
    std::string newest_change;  // Freshdesk: the latest updated_at (ratings: created_at)
};

// A ticket's columns as text, filled in by a mapping and handed to parse_ticket.
class TicketText {
public:
    void set(TicketColumn column, std::string text);
    Result<Ticket> parse() const;

private:
    std::array<std::optional<std::string>, kTicketColumnCount> text_;
};

// "agent:" and 16 hex digits: the agent's id under the database's hash key, never the id.
std::string agent_key(std::string_view agent_id, std::string_view hash_key);

// A JSON id (number or string) as text; empty for null or another type.
std::string id_text(const nlohmann::json& value);

// The request type the rule finds among the custom field values and tags; nullopt when the
// rule is none (the column is left out), "" when the ticket has none.
std::optional<std::string> request_type_of(const RequestTypeRule& rule,
                                           const nlohmann::json& custom_field_value,
                                           const nlohmann::json& tags);

// Tags as DESIGN's `;`-separated text.
std::string joined_tags(const nlohmann::json& tags);

// The body of an API answer as JSON, or why it is not what `what` should be.
Result<nlohmann::json> parse_api_body(std::string_view body, std::string_view what);

}  // namespace ritualbot::commands
