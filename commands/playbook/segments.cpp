#include "commands/playbook/segments.hpp"

#include "commands/tokenizer.hpp"

namespace ritualbot::commands::playbook {
namespace {

constexpr std::size_t kMaxValueLength = 100;

bool same(const std::optional<std::string>& field, const std::string& value) {
    return field && to_lower(trim(*field)) == to_lower(value);
}

}  // namespace

Result<ProcedureSegment> parse_segment(std::string_view text) {
    if (to_lower(text) == "all") return ProcedureSegment{};
    const auto equals = text.find('=');
    const std::string dimension = to_lower(text.substr(0, equals));
    const std::string value =
        equals == std::string_view::npos ? std::string() : trim(text.substr(equals + 1));
    if (dimension != "request_type" && dimension != "channel" && dimension != "tag") {
        return Error{std::string("\"").append(escape_mrkdwn(text))
                         .append("\" is not a segment; use `request_type=VALUE`, `channel=VALUE` "
                                 "(the contact path), `tag=VALUE` or `all`.")};
    }
    if (value.empty() || value.size() > kMaxValueLength) {
        return Error{"Give the " + dimension + " after `=`, at most " +
                     std::to_string(kMaxValueLength) + " characters."};
    }
    return ProcedureSegment{dimension, value};
}

std::string describe(const ProcedureSegment& segment) {
    const std::string value = escape_mrkdwn(segment.value);
    if (segment.dimension == "request_type") return "request type " + value;
    if (segment.dimension == "channel") return "the " + value + " contact path";
    if (segment.dimension == "tag") return "tickets tagged " + value;
    return "the whole crew";
}

bool contains(const ProcedureSegment& segment, const storage::TicketRow& ticket) {
    if (segment.dimension == "request_type") return same(ticket.request_type, segment.value);
    if (segment.dimension == "channel") return same(ticket.contact_channel, segment.value);
    if (segment.dimension == "tag") {
        if (!ticket.tags) return false;
        std::string_view tags = *ticket.tags;
        while (!tags.empty()) {
            const auto end = tags.find(';');
            if (same(std::string(tags.substr(0, end)), segment.value)) return true;
            if (end == std::string_view::npos) break;
            tags.remove_prefix(end + 1);
        }
        return false;
    }
    return true;
}

}  // namespace ritualbot::commands::playbook
