#include "commands/connectors/helpdesk_page.hpp"

#include <cstdio>

#include "commands/ticket_data/requester_hash.hpp"

namespace ritualbot::commands {

Result<RequestTypeRule> parse_request_type_rule(std::string_view text) {
    constexpr std::string_view kField = "field:";
    constexpr std::string_view kTagPrefix = "tag-prefix:";
    constexpr std::size_t kMaxLength = 100;
    if (text == "none" || text.empty()) return RequestTypeRule{};
    RequestTypeRule rule;
    if (text.starts_with(kField)) {
        rule.kind = RequestTypeRule::Kind::field;
        rule.value = std::string(text.substr(kField.size()));
    } else if (text.starts_with(kTagPrefix)) {
        rule.kind = RequestTypeRule::Kind::tag_prefix;
        rule.value = std::string(text.substr(kTagPrefix.size()));
    } else {
        return Error{
            "The request type comes from `field:ID` (a custom field) or "
            "`tag-prefix:PREFIX` (e.g. `tag-prefix:rt_`), or `none`."};
    }
    if (rule.value.empty() || rule.value.size() > kMaxLength ||
        rule.value.find_first_of(" \t;") != std::string::npos) {
        return Error{"Give the field id or the tag prefix after the colon, without spaces."};
    }
    return rule;
}

void TicketText::set(TicketColumn column, std::string text) {
    text_[static_cast<unsigned>(column)] = std::move(text);
}

Result<Ticket> TicketText::parse() const {
    TicketFieldsText fields;
    for (std::size_t i = 0; i < kTicketColumnCount; ++i) {
        if (text_[i]) fields[i] = *text_[i];
    }
    return parse_ticket(fields);
}

std::string agent_key(std::string_view agent_id, std::string_view hash_key) {
    const auto hash = static_cast<std::uint64_t>(requester_hash(agent_id, hash_key));
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
    return std::string("agent:").append(hex);
}

std::string id_text(const nlohmann::json& value) {
    if (value.is_number_integer() || value.is_number_unsigned()) return value.dump();
    if (value.is_string()) return value.get<std::string>();
    return {};
}

std::optional<std::string> request_type_of(const RequestTypeRule& rule,
                                           const nlohmann::json& custom_field_value,
                                           const nlohmann::json& tags) {
    switch (rule.kind) {
        case RequestTypeRule::Kind::none:
            return std::nullopt;
        case RequestTypeRule::Kind::field:
            if (custom_field_value.is_string()) return custom_field_value.get<std::string>();
            if (custom_field_value.is_number() || custom_field_value.is_boolean())
                return custom_field_value.dump();
            return std::string();
        case RequestTypeRule::Kind::tag_prefix:
            if (tags.is_array()) {
                for (const auto& tag : tags) {
                    if (!tag.is_string()) continue;
                    const std::string& text = tag.get_ref<const std::string&>();
                    if (text.size() > rule.value.size() && text.starts_with(rule.value)) {
                        return text.substr(rule.value.size());
                    }
                }
            }
            return std::string();
    }
    return std::nullopt;
}

std::string joined_tags(const nlohmann::json& tags) {
    std::string joined;
    if (!tags.is_array()) return joined;
    for (const auto& tag : tags) {
        if (!tag.is_string()) continue;
        if (!joined.empty()) joined += ';';
        joined += tag.get<std::string>();
    }
    return joined;
}

Result<nlohmann::json> parse_api_body(std::string_view body, std::string_view what) {
    nlohmann::json parsed = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
    if (parsed.is_discarded()) {
        return Error{std::string("the answer is not JSON (expected ").append(what).append(")")};
    }
    return parsed;
}

}  // namespace ritualbot::commands
