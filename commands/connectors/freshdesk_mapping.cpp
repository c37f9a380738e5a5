#include "commands/connectors/freshdesk_mapping.hpp"

#include <map>

namespace ritualbot::commands {
namespace {

using C = TicketColumn;

constexpr int kStatusResolved = 4;
constexpr int kStatusClosed = 5;

std::string text_of(const nlohmann::json& object, const char* key) {
    const auto it = object.find(key);
    if (it == object.end() || !it->is_string()) return {};
    return it->get<std::string>();
}

Result<nlohmann::json> parse_array(std::string_view body, std::string_view what) {
    auto parsed = parse_api_body(body, what);
    if (!parsed) return parsed;
    if (!parsed->is_array()) {
        return Error{std::string("the answer is not a JSON array (expected ")
                         .append(what)
                         .append("; is the URL a Freshdesk account?)")};
    }
    return parsed;
}

Result<Ticket> map_ticket(const nlohmann::json& ticket, const MappingOptions& options) {
    TicketText text;
    text.set(C::id, id_text(ticket.value("id", nlohmann::json())));
    text.set(C::created_at, text_of(ticket, "created_at"));
    text.set(C::source, "freshdesk");
    const nlohmann::json stats = ticket.value("stats", nlohmann::json::object());
    if (stats.is_object()) {
        text.set(C::first_response_at, text_of(stats, "first_responded_at"));
        std::string resolved = text_of(stats, "resolved_at");
        const nlohmann::json status = ticket.value("status", nlohmann::json());
        const bool done = status.is_number_integer() && (status.get<int>() == kStatusResolved ||
                                                         status.get<int>() == kStatusClosed);
        if (resolved.empty() && done) resolved = text_of(stats, "closed_at");
        text.set(C::resolved_at, resolved);
        text.set(C::reopens, text_of(stats, "reopened_at").empty() ? "0" : "1");
    }
    const nlohmann::json escalated = ticket.value("is_escalated", nlohmann::json());
    text.set(C::escalated, escalated.is_boolean() ? (escalated.get<bool>() ? "1" : "0") : "");
    text.set(C::channel, freshdesk_channel_name(ticket.value("source", nlohmann::json())));
    const std::string responder = id_text(ticket.value("responder_id", nlohmann::json()));
    text.set(C::agent, responder.empty() ? std::string() : agent_key(responder, options.hash_key));
    text.set(C::requester, id_text(ticket.value("requester_id", nlohmann::json())));
    const nlohmann::json tags = ticket.value("tags", nlohmann::json::array());
    text.set(C::tags, joined_tags(tags));
    nlohmann::json field_value;
    if (options.request_type.kind == RequestTypeRule::Kind::field) {
        const nlohmann::json fields = ticket.value("custom_fields", nlohmann::json::object());
        if (fields.is_object())
            field_value = fields.value(options.request_type.value, nlohmann::json());
    }
    if (auto request_type = request_type_of(options.request_type, field_value, tags)) {
        text.set(C::request_type, std::move(*request_type));
    }
    return text.parse();
}

}  // namespace

std::string freshdesk_channel_name(const nlohmann::json& source_code) {
    if (!source_code.is_number_integer()) return {};
    static const std::map<std::int64_t, std::string> kNames = {
        {1, "email"}, {2, "portal"},          {3, "phone"},
        {7, "chat"},  {9, "feedback_widget"}, {10, "outbound_email"},
    };
    const auto it = kNames.find(source_code.get<std::int64_t>());
    return it != kNames.end() ? it->second : std::string("source_").append(source_code.dump());
}

std::optional<int> freshdesk_csat(const nlohmann::json& rating) {
    if (!rating.is_number_integer()) return std::nullopt;
    switch (rating.get<int>()) {
        case 103:
        case 102:
            return 5;
        case 101:
            return 4;
        case 100:
            return 3;
        case -101:
            return 2;
        case -102:
        case -103:
            return 1;
        default:
            return std::nullopt;
    }
}

Result<HelpdeskPage> map_freshdesk_tickets(std::string_view body, const MappingOptions& options) {
    auto parsed = parse_array(body, "a list of tickets");
    if (!parsed) return Error{parsed.error()};
    HelpdeskPage mapped;
    for (const auto& ticket : *parsed) {
        ++mapped.items;
        if (!ticket.is_object()) {
            mapped.tickets.push_back({"", Error{"a ticket is not a JSON object"}});
            continue;
        }
        // ISO 8601 UTC times of one format compare as text.
        const std::string updated = text_of(ticket, "updated_at");
        if (updated > mapped.newest_change) mapped.newest_change = updated;
        const std::string id = id_text(ticket.value("id", nlohmann::json()));
        const nlohmann::json deleted = ticket.value("deleted", nlohmann::json());
        if (deleted.is_boolean() && deleted.get<bool>()) {
            mapped.deleted.push_back(id);
            continue;
        }
        mapped.tickets.push_back({id, map_ticket(ticket, options)});
    }
    return mapped;
}

Result<HelpdeskPage> map_freshdesk_ratings(std::string_view body) {
    auto parsed = parse_array(body, "a list of satisfaction ratings");
    if (!parsed) return Error{parsed.error()};
    HelpdeskPage mapped;
    for (const auto& rating : *parsed) {
        ++mapped.items;
        if (!rating.is_object()) continue;
        const std::string created = text_of(rating, "created_at");
        if (created > mapped.newest_change) mapped.newest_change = created;
        const nlohmann::json ratings = rating.value("ratings", nlohmann::json::object());
        if (!ratings.is_object()) continue;
        const auto csat = freshdesk_csat(ratings.value("default_question", nlohmann::json()));
        const std::string ticket = id_text(rating.value("ticket_id", nlohmann::json()));
        if (csat && !ticket.empty()) mapped.ratings.emplace_back(ticket, *csat);
    }
    return mapped;
}

}  // namespace ritualbot::commands
