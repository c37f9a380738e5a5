#include "commands/connectors/zendesk_mapping.hpp"

#include <map>

#include "commands/ticket_data/iso_time.hpp"

namespace ritualbot::commands {
namespace {

using C = TicketColumn;

constexpr std::int64_t kMsPerMinute = 60'000;

// metric_set.reply_time_in_minutes.calendar and its kin; nullopt when absent or null.
std::optional<std::int64_t> calendar_minutes(const nlohmann::json& metric_set, const char* key) {
    const auto it = metric_set.find(key);
    if (it == metric_set.end() || !it->is_object()) return std::nullopt;
    const auto calendar = it->find("calendar");
    if (calendar == it->end() || !calendar->is_number()) return std::nullopt;
    return calendar->get<std::int64_t>();
}

std::string text_of(const nlohmann::json& object, const char* key) {
    const auto it = object.find(key);
    if (it == object.end() || !it->is_string()) return {};
    return it->get<std::string>();
}

std::string csat_of(const nlohmann::json& rating) {
    if (!rating.is_object()) return {};
    const std::string score = text_of(rating, "score");
    if (score == "good") return "5";
    if (score == "bad") return "1";
    return {};  // offered, unoffered: asked, never answered
}

const nlohmann::json& custom_field(const nlohmann::json& ticket, const std::string& id) {
    static const nlohmann::json kNull;
    const auto fields = ticket.find("custom_fields");
    if (fields == ticket.end() || !fields->is_array()) return kNull;
    for (const auto& field : *fields) {
        if (field.is_object() && id_text(field.value("id", nlohmann::json())) == id) {
            const auto value = field.find("value");
            return value == field.end() ? kNull : *value;
        }
    }
    return kNull;
}

void add_metrics(TicketText& text, const nlohmann::json& metric_set, std::int64_t created_ms) {
    if (const auto reply = calendar_minutes(metric_set, "reply_time_in_minutes")) {
        text.set(C::first_response_at, format_iso8601_utc(created_ms + *reply * kMsPerMinute));
    } else {
        text.set(C::first_response_at, "");
    }
    text.set(C::resolved_at, text_of(metric_set, "solved_at"));
    const auto reopens = metric_set.find("reopens");
    text.set(C::reopens, reopens != metric_set.end() && reopens->is_number_integer()
                             ? reopens->dump()
                             : std::string());
    const auto stations = metric_set.find("group_stations");
    if (stations != metric_set.end() && stations->is_number_integer()) {
        text.set(C::escalated, stations->get<std::int64_t>() > 1 ? "1" : "0");
    } else {
        text.set(C::escalated, "");
    }
}

Result<Ticket> map_ticket(const nlohmann::json& ticket, const nlohmann::json* metric_set,
                          const MappingOptions& options) {
    TicketText text;
    text.set(C::id, id_text(ticket.value("id", nlohmann::json())));
    const std::string created = text_of(ticket, "created_at");
    text.set(C::created_at, created);
    text.set(C::source, "zendesk");
    const auto created_ms = parse_iso8601_ms(created);
    if (metric_set != nullptr && created_ms) add_metrics(text, *metric_set, *created_ms);

    const nlohmann::json via = ticket.value("via", nlohmann::json::object());
    text.set(C::channel, via.is_object()
                             ? zendesk_channel_name(via.value("channel", nlohmann::json()))
                             : std::string());
    const std::string assignee = id_text(ticket.value("assignee_id", nlohmann::json()));
    text.set(C::agent, assignee.empty() ? std::string() : agent_key(assignee, options.hash_key));
    text.set(C::requester, id_text(ticket.value("requester_id", nlohmann::json())));
    text.set(C::csat, csat_of(ticket.value("satisfaction_rating", nlohmann::json())));
    const nlohmann::json tags = ticket.value("tags", nlohmann::json::array());
    text.set(C::tags, joined_tags(tags));
    const nlohmann::json& field_value = options.request_type.kind == RequestTypeRule::Kind::field
                                            ? custom_field(ticket, options.request_type.value)
                                            : tags;
    if (auto request_type = request_type_of(options.request_type, field_value, tags)) {
        text.set(C::request_type, std::move(*request_type));
    }
    return text.parse();
}

// The ticket a follow-up follows, or "" when `ticket` is not a follow-up.
std::string followed_ticket(const nlohmann::json& ticket) {
    const auto via = ticket.find("via");
    if (via == ticket.end() || !via->is_object()) return {};
    const auto source = via->find("source");
    if (source == via->end() || !source->is_object()) return {};
    if (text_of(*source, "rel") != "follow_up") return {};
    const auto from = source->find("from");
    if (from == source->end() || !from->is_object()) return {};
    return id_text(from->value("ticket_id", nlohmann::json()));
}

}  // namespace

std::string zendesk_channel_name(const nlohmann::json& channel) {
    if (channel.is_string()) return channel.get<std::string>();
    if (!channel.is_number_integer()) return {};
    static const std::map<std::int64_t, std::string> kNames = {
        {0, "web_form"}, {4, "email"},      {5, "api"},
        {8, "rule"},     {19, "merge"},     {27, "closed_ticket"},
        {29, "chat"},    {33, "voicemail"}, {34, "phone_call_inbound"},
    };
    const auto it = kNames.find(channel.get<std::int64_t>());
    return it != kNames.end() ? it->second : std::string("via_").append(channel.dump());
}

Result<HelpdeskPage> map_zendesk_page(std::string_view body, const MappingOptions& options) {
    auto parsed = parse_api_body(body, "an incremental export page");
    if (!parsed) return Error{parsed.error()};
    const nlohmann::json& page = *parsed;
    if (!page.is_object() || !page.contains("tickets") || !page["tickets"].is_array()) {
        return Error{"the answer has no tickets array (is the URL a Zendesk account?)"};
    }
    std::map<std::string, const nlohmann::json*> metric_sets;
    if (const auto sets = page.find("metric_sets"); sets != page.end() && sets->is_array()) {
        for (const auto& set : *sets) {
            if (set.is_object())
                metric_sets[id_text(set.value("ticket_id", nlohmann::json()))] = &set;
        }
    }
    HelpdeskPage mapped;
    for (const auto& ticket : page["tickets"]) {
        if (!ticket.is_object()) {
            mapped.tickets.push_back({"", Error{"a ticket is not a JSON object"}});
            continue;
        }
        const std::string id = id_text(ticket.value("id", nlohmann::json()));
        if (text_of(ticket, "status") == "deleted") {
            mapped.deleted.push_back(id);
            continue;
        }
        const auto set = metric_sets.find(id);
        mapped.tickets.push_back(
            {id, map_ticket(ticket, set == metric_sets.end() ? nullptr : set->second, options)});
        if (std::string followed = followed_ticket(ticket); !followed.empty()) {
            mapped.recontacted.push_back(std::move(followed));
        }
    }
    if (const auto cursor = page.find("after_cursor");
        cursor != page.end() && cursor->is_string()) {
        mapped.next_cursor = cursor->get<std::string>();
    }
    const auto end = page.find("end_of_stream");
    mapped.end_of_stream = end != page.end() && end->is_boolean() && end->get<bool>();
    return mapped;
}

}  // namespace ritualbot::commands
