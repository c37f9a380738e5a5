#include "commands/ticket_data/import_summary.hpp"

#include <chrono>

#include "commands/replies.hpp"
#include "commands/schedule/local_time.hpp"

namespace ritualbot::commands {
namespace {

using C = TicketColumn;

void count(ImportSummary& s, C column, bool has_value) {
    s.present[static_cast<unsigned>(column)] += has_value ? 1 : 0;
}

std::string date_in(const date::time_zone* zone, std::int64_t ms) {
    return format_date(local_date_of(zone ? zone : date::locate_zone("UTC"),
                                     std::chrono::floor<std::chrono::seconds>(from_unix_ms(ms))));
}

}  // namespace

void ImportSummary::add(const Ticket& ticket) {
    const storage::TicketRow& row = ticket.row;
    ++rows;
    if (!first_created_ms || row.created_at < *first_created_ms) first_created_ms = row.created_at;
    if (!last_created_ms || row.created_at > *last_created_ms) last_created_ms = row.created_at;
    count(*this, C::id, true);
    count(*this, C::created_at, true);
    count(*this, C::first_response_at, row.first_response_at.has_value());
    count(*this, C::resolved_at, row.resolved_at.has_value());
    count(*this, C::request_type, row.request_type.has_value());
    count(*this, C::channel, row.contact_channel.has_value());
    count(*this, C::agent, row.agent.has_value());
    count(*this, C::reopens, row.reopens.has_value());
    count(*this, C::escalated, row.escalated.has_value());
    count(*this, C::csat, row.csat.has_value());
    count(*this, C::recontact, row.recontact.has_value());
    count(*this, C::checklist_skipped, row.checklist_skipped.has_value());
    count(*this, C::manual_retries, row.manual_retries.has_value());
    count(*this, C::tags, row.tags.has_value());
    count(*this, C::requester, ticket.requester.has_value());
    count(*this, C::source, row.source.has_value());
}

std::string format_import_summary(const ImportSummary& s, const date::time_zone* zone) {
    std::string text = with_thousands(static_cast<std::int64_t>(s.rows));
    text += s.rows == 1 ? " ticket" : " tickets";
    if (!s.preset.empty()) text.append(" from a ").append(s.preset);
    if (s.first_created_ms && s.last_created_ms) {
        const std::string first = date_in(zone, *s.first_created_ms);
        const std::string last = date_in(zone, *s.last_created_ms);
        text += first == last ? ", created " + first : ", created " + first + " to " + last;
    }
    text += ".\n";

    std::string coverage;
    std::string absent;
    for (std::size_t i = 0; i < kTicketColumnCount; ++i) {
        const auto column = static_cast<C>(i);
        if (column == C::id || column == C::created_at) continue;  // every stored row has them
        const std::string_view name = kTicketColumnNames[i];
        if (!s.in_file[i]) {
            if (!absent.empty()) absent += ", ";
            absent.append(name);
            continue;
        }
        if (s.rows == 0) continue;
        const auto percent = static_cast<unsigned>((s.present[i] * 100 + s.rows / 2) / s.rows);
        if (!coverage.empty()) coverage += ", ";
        coverage.append(name).append(" present on ").append(std::to_string(percent)).append("%");
    }
    if (!coverage.empty()) text += coverage + ".\n";
    if (!absent.empty()) text += "Not in the file: " + absent + ".\n";
    if (!s.notes.empty()) text += s.notes + "\n";
    return text;
}

}  // namespace ritualbot::commands
