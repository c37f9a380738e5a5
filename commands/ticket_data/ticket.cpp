#include "commands/ticket_data/ticket.hpp"

#include <charconv>
#include <utility>

#include "commands/ticket_data/iso_time.hpp"
#include "commands/ticket_data/trim.hpp"

namespace ritualbot::commands {

const std::array<std::string_view, kTicketColumnCount> kTicketColumnNames = {
    "id",
    "created_at",
    "first_response_at",
    "resolved_at",
    "request_type",
    "channel",
    "agent",
    "reopens",
    "escalated",
    "csat",
    "recontact",
    "checklist_skipped",
    "manual_retries",
    "tags",
    "requester",
    "source",
    "escalated_at",
    "deflected",
    "repeat_info",
    "policy_exception",
};

namespace {

using storage::TicketField;

constexpr std::size_t kMaxIdLength = 200;
constexpr std::size_t kMaxTextLength = 2000;
// Values are echoed in reject reasons; a long one is cut so a report stays readable.
constexpr std::size_t kMaxEcho = 40;

std::string echo(std::string_view value) {
    if (value.size() <= kMaxEcho) return '"' + std::string(value) + "\"";
    return '"' + std::string(value.substr(0, kMaxEcho)) + "…\"";
}

std::string_view name(TicketColumn column) {
    return kTicketColumnNames[static_cast<unsigned>(column)];
}

// Text of a column the source has and filled in, trimmed; nullopt for absent or empty.
std::optional<std::string_view> value_of(const TicketFieldsText& fields, TicketColumn column) {
    const auto& field = fields[static_cast<unsigned>(column)];
    if (!field) return std::nullopt;
    const std::string_view value = trim_blanks(*field);
    if (value.empty()) return std::nullopt;
    return value;
}

Result<std::optional<std::int64_t>> time_field(const TicketFieldsText& fields,
                                               TicketColumn column) {
    const auto value = value_of(fields, column);
    if (!value) return std::optional<std::int64_t>{};
    const auto ms = parse_iso8601_ms(*value);
    if (!ms) {
        return Error{std::string(name(column)) + " " + echo(*value) +
                     " is not an ISO 8601 time with offset (e.g. 2026-11-20T09:15:00Z)"};
    }
    return std::optional<std::int64_t>{*ms};
}

Result<std::optional<std::int64_t>> count_field(const TicketFieldsText& fields,
                                                TicketColumn column) {
    const auto value = value_of(fields, column);
    if (!value) return std::optional<std::int64_t>{};
    std::int64_t n = 0;
    const auto [end, ec] = std::from_chars(value->data(), value->data() + value->size(), n);
    if (ec != std::errc{} || end != value->data() + value->size() || n < 0) {
        return Error{std::string(name(column)) + " " + echo(*value) + " is not a whole number ≥ 0"};
    }
    return std::optional<std::int64_t>{n};
}

Result<std::optional<bool>> flag_field(const TicketFieldsText& fields, TicketColumn column) {
    const auto value = value_of(fields, column);
    if (!value) return std::optional<bool>{};
    std::string lower(*value);
    for (char& c : lower) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    if (lower == "1" || lower == "true") return std::optional<bool>{true};
    if (lower == "0" || lower == "false") return std::optional<bool>{false};
    return Error{std::string(name(column)) + " " + echo(*value) + " is not 0/1 or true/false"};
}

Result<std::optional<std::string>> text_field(const TicketFieldsText& fields, TicketColumn column) {
    const auto value = value_of(fields, column);
    if (!value) return std::optional<std::string>{};
    if (value->size() > kMaxTextLength) {
        return Error{std::string(name(column)) + " is longer than " +
                     std::to_string(kMaxTextLength) + " characters"};
    }
    return std::optional<std::string>{std::string(*value)};
}

}  // namespace

std::optional<TicketColumn> ticket_column(std::string_view header) {
    const std::string_view wanted = trim_blanks(header);
    for (std::size_t i = 0; i < kTicketColumnCount; ++i) {
        const std::string_view candidate = kTicketColumnNames[i];
        if (candidate.size() != wanted.size()) continue;
        bool same = true;
        for (std::size_t j = 0; j < wanted.size() && same; ++j) {
            char c = wanted[j];
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
            same = c == candidate[j];
        }
        if (same) return static_cast<TicketColumn>(i);
    }
    return std::nullopt;
}

Result<Ticket> parse_ticket(const TicketFieldsText& fields) {
    using C = TicketColumn;
    Ticket ticket;
    storage::TicketRow& row = ticket.row;

    const auto id = value_of(fields, C::id);
    if (!id) return Error{"id is missing"};
    if (id->size() > kMaxIdLength) {
        return Error{"id is longer than " + std::to_string(kMaxIdLength) + " characters"};
    }
    row.id = std::string(*id);

    const auto created = time_field(fields, C::created_at);
    if (!created) return Error{created.error()};
    if (!*created) return Error{"created_at is missing"};
    row.created_at = **created;

    // The first error wins: one reason per rejected row keeps the report short.
    const auto first_response = time_field(fields, C::first_response_at);
    if (!first_response) return Error{first_response.error()};
    row.first_response_at = *first_response;
    const auto resolved = time_field(fields, C::resolved_at);
    if (!resolved) return Error{resolved.error()};
    row.resolved_at = *resolved;
    if (row.first_response_at && *row.first_response_at < row.created_at) {
        return Error{"first_response_at is before created_at"};
    }
    if (row.resolved_at && *row.resolved_at < row.created_at) {
        return Error{"resolved_at is before created_at"};
    }
    const auto escalated_at = time_field(fields, C::escalated_at);
    if (!escalated_at) return Error{escalated_at.error()};
    row.escalated_at = *escalated_at;
    if (row.escalated_at && *row.escalated_at < row.created_at) {
        return Error{"escalated_at is before created_at"};
    }

    auto request_type = text_field(fields, C::request_type);
    if (!request_type) return Error{request_type.error()};
    row.request_type = std::move(*request_type);
    auto contact = text_field(fields, C::channel);
    if (!contact) return Error{contact.error()};
    row.contact_channel = std::move(*contact);
    auto agent = text_field(fields, C::agent);
    if (!agent) return Error{agent.error()};
    row.agent = std::move(*agent);

    const auto reopens = count_field(fields, C::reopens);
    if (!reopens) return Error{reopens.error()};
    row.reopens = *reopens;
    const auto escalated = flag_field(fields, C::escalated);
    if (!escalated) return Error{escalated.error()};
    row.escalated = *escalated;

    if (const auto csat = value_of(fields, C::csat)) {
        int n = 0;
        const auto [end, ec] = std::from_chars(csat->data(), csat->data() + csat->size(), n);
        if (ec != std::errc{} || end != csat->data() + csat->size()) {
            return Error{"csat " + echo(*csat) + " is not a whole number 1–5"};
        }
        if (n < 1 || n > 5) return Error{"csat " + echo(*csat) + " is outside 1–5"};
        row.csat = n;
    }

    const auto recontact = flag_field(fields, C::recontact);
    if (!recontact) return Error{recontact.error()};
    row.recontact = *recontact;
    const auto deflected = flag_field(fields, C::deflected);
    if (!deflected) return Error{deflected.error()};
    row.deflected = *deflected;
    const auto repeat_info = flag_field(fields, C::repeat_info);
    if (!repeat_info) return Error{repeat_info.error()};
    row.repeat_info = *repeat_info;
    const auto policy_exception = flag_field(fields, C::policy_exception);
    if (!policy_exception) return Error{policy_exception.error()};
    row.policy_exception = *policy_exception;
    const auto skipped = count_field(fields, C::checklist_skipped);
    if (!skipped) return Error{skipped.error()};
    row.checklist_skipped = *skipped;
    const auto retries = count_field(fields, C::manual_retries);
    if (!retries) return Error{retries.error()};
    row.manual_retries = *retries;
    auto tags = text_field(fields, C::tags);
    if (!tags) return Error{tags.error()};
    row.tags = std::move(*tags);
    auto requester = text_field(fields, C::requester);
    if (!requester) return Error{requester.error()};
    ticket.requester = std::move(*requester);
    auto source = text_field(fields, C::source);
    if (!source) return Error{source.error()};
    row.source = std::move(*source);

    // Which optional columns the source has: the rest keep their stored values on re-import.
    const auto has = [&](C column) { return fields[static_cast<unsigned>(column)].has_value(); };
    const std::pair<C, TicketField> kMap[] = {
        {C::first_response_at, TicketField::first_response_at},
        {C::resolved_at, TicketField::resolved_at},
        {C::request_type, TicketField::request_type},
        {C::channel, TicketField::contact_channel},
        {C::agent, TicketField::agent},
        {C::reopens, TicketField::reopens},
        {C::escalated, TicketField::escalated},
        {C::csat, TicketField::csat},
        {C::recontact, TicketField::recontact},
        {C::checklist_skipped, TicketField::checklist_skipped},
        {C::manual_retries, TicketField::manual_retries},
        {C::tags, TicketField::tags},
        {C::requester, TicketField::requester_hash},
        {C::source, TicketField::source},
        {C::escalated_at, TicketField::escalated_at},
        {C::deflected, TicketField::deflected},
        {C::repeat_info, TicketField::repeat_info},
        {C::policy_exception, TicketField::policy_exception},
    };
    row.fields = 0;
    for (const auto& [column, field] : kMap) {
        if (has(column)) row.fields |= storage::bit(field);
    }
    return ticket;
}

}  // namespace ritualbot::commands
