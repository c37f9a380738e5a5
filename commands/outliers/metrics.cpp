#include "commands/outliers/metrics.hpp"

#include <algorithm>
#include <cstdio>

#include <date/tz.h>

#include "commands/outliers/signals.hpp"
#include "storage/outlier_settings.hpp"

namespace ritualbot::commands {
namespace {

using storage::TicketRow;

constexpr std::int64_t kRecontactWindowMs = std::int64_t{7} * 24 * 3600 * 1000;

std::optional<double> first_response_s(const TicketRow& t) {
    if (!t.first_response_at) return std::nullopt;
    return static_cast<double>(*t.first_response_at - t.created_at) / 1000.0;
}
std::optional<double> resolution_s(const TicketRow& t) {
    if (!t.resolved_at) return std::nullopt;
    return static_cast<double>(*t.resolved_at - t.created_at) / 1000.0;
}

std::optional<double> escalation_lag_s(const TicketRow& t) {
    if (!t.escalated_at) return std::nullopt;
    return static_cast<double>(*t.escalated_at - t.created_at) / 1000.0;
}

std::optional<bool> positive(const std::optional<std::int64_t>& count) {
    if (!count) return std::nullopt;
    return *count > 0;
}
std::optional<bool> reopened(const TicketRow& t) {
    return positive(t.reopens);
}
std::optional<bool> escalated(const TicketRow& t) {
    return t.escalated;
}
std::optional<bool> recontacted(const TicketRow& t) {
    return t.recontact;
}
std::optional<bool> checklist_skipped(const TicketRow& t) {
    return positive(t.checklist_skipped);
}
std::optional<bool> manual_retries(const TicketRow& t) {
    return positive(t.manual_retries);
}
std::optional<bool> low_csat(const TicketRow& t) {
    if (!t.csat) return std::nullopt;
    return *t.csat <= 2;
}
// Deflection that hides unresolved issues: of the tickets answered without an agent, those
// whose requester came back (recontact, given or derived).
std::optional<bool> deflected_recontact(const TicketRow& t) {
    if (t.deflected != std::optional<bool>(true)) return std::nullopt;
    return t.recontact;
}
std::optional<bool> repeat_info(const TicketRow& t) {
    return t.repeat_info;
}
std::optional<bool> policy_exception(const TicketRow& t) {
    return t.policy_exception;
}

// Fills in recontact for tickets whose source left it unknown (see TicketWindow). Each
// requester's tickets are put side by side in time order; the sort keys are copied out of the
// rows, which a comparison through the rows' optionals made a twentieth of a digest.
void derive_recontact(std::vector<TicketRow>& tickets) {
    struct Visit {
        std::int64_t requester;
        std::int64_t created_at;
        std::size_t ticket;
        auto operator<=>(const Visit&) const = default;
    };
    std::vector<Visit> visits;
    for (std::size_t i = 0; i < tickets.size(); ++i) {
        if (tickets[i].requester_hash) {
            visits.push_back({*tickets[i].requester_hash, tickets[i].created_at, i});
        }
    }
    std::sort(visits.begin(), visits.end());
    for (std::size_t pos = 0; pos < visits.size(); ++pos) {
        TicketRow& t = tickets[visits[pos].ticket];
        if (t.recontact || !t.resolved_at) continue;
        bool again = false;
        for (std::size_t next = pos + 1; next < visits.size(); ++next) {
            const Visit& u = visits[next];
            if (u.requester != visits[pos].requester) break;
            if (u.created_at <= *t.resolved_at) continue;
            again = u.created_at <= *t.resolved_at + kRecontactWindowMs;
            break;
        }
        t.recontact = again;
    }
}

// The columns the metrics read: all but the agent and the source.
constexpr storage::TicketFields kMetricFields = storage::kAllTicketFields &
                                                ~storage::bit(storage::TicketField::agent) &
                                                ~storage::bit(storage::TicketField::source);

}  // namespace

const std::array<DurationMetric, 3> kDurationMetrics = {{
    {"first_response", "first response", first_response_s, "channel"},
    {"resolution", "resolution", resolution_s, "request_type"},
    // Whether and when a ticket goes up a tier is set by what is asked, like its resolution.
    {"escalation_lag", "escalation lag", escalation_lag_s, "request_type"},
}};

const std::array<RateMetric, 9> kRateMetrics = {{
    {"reopen_rate", "reopen rate", reopened, true},
    {"escalation_rate", "escalation rate", escalated, true},
    {"recontact_rate", "recontact rate", recontacted, true},
    {"checklist_skipped_rate", "checklist skipped rate", checklist_skipped, true},
    {"manual_retries_rate", "manual retries rate", manual_retries, true},
    {"low_csat_rate", "low CSAT rate", low_csat, false},
    {"deflection_recontact_rate", "deflection recontact rate", deflected_recontact, false},
    {"repeat_info_rate", "repeat info rate", repeat_info, false},
    {"policy_exception_rate", "policy exception rate", policy_exception, false},
}};

const DurationMetric* find_duration_metric(std::string_view name) {
    for (const DurationMetric& m : kDurationMetrics) {
        if (m.name == name) return &m;
    }
    return nullptr;
}

const RateMetric* find_rate_metric(std::string_view name) {
    for (const RateMetric& m : kRateMetrics) {
        if (m.name == name) return &m;
    }
    return nullptr;
}

std::vector<Segment> segments_of(const TicketRow& ticket) {
    std::vector<Segment> out{kAllSegment};
    if (ticket.request_type) out.push_back({"request_type", *ticket.request_type});
    if (ticket.contact_channel) out.push_back({"channel", *ticket.contact_channel});
    return out;
}

std::int64_t local_midnight_ms(std::chrono::year_month_day date, const date::time_zone* zone) {
    using namespace std::chrono;
    const date::local_days local{sys_days{date}.time_since_epoch()};
    const auto start = zone->to_sys(local, date::choose::earliest);
    return duration_cast<milliseconds>(start.time_since_epoch()).count();
}

std::string format_date(std::chrono::year_month_day date) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", int(date.year()), unsigned(date.month()),
                  unsigned(date.day()));
    return buffer;
}

TicketWindow load_window(storage::Database& db, const std::string& channel,
                         std::chrono::year_month_day first, int days, const date::time_zone* zone) {
    using namespace std::chrono;
    TicketWindow window;
    window.first = first;
    window.days = days;
    const std::int64_t from = local_midnight_ms(first, zone);
    const std::int64_t to =
        local_midnight_ms(year_month_day{sys_days{first} + std::chrono::days{days}}, zone);
    std::vector<TicketRow> rows =
        storage::Tickets(db).created_between(channel, from, to + kRecontactWindowMs, kMetricFields);
    derive_recontact(rows);
    apply_signal_mappings(rows, storage::OutlierSettingsStore(db).get(channel));

    // The rows become the window's tickets where they are, without those read only to derive
    // recontact. The zone's offset is looked up again only when a ticket leaves the span it
    // holds for (one lookup per window unless the clocks change in it).
    window.day.reserve(rows.size());
    const sys_days first_day{first};
    date::sys_info offset_span;
    std::size_t kept = 0;
    for (std::size_t i = 0; i < rows.size() && rows[i].created_at < to; ++i) {
        const sys_time<milliseconds> created{milliseconds{rows[i].created_at}};
        if (created < offset_span.begin || created >= offset_span.end) {
            offset_span = zone->get_info(created);
        }
        const auto local = created + offset_span.offset;
        const int index = static_cast<int>(
            (floor<std::chrono::days>(local).time_since_epoch() - first_day.time_since_epoch())
                .count());
        if (index < 0 || index >= days) continue;  // cannot happen unless the zone data is odd
        if (kept != i) rows[kept] = std::move(rows[i]);
        ++kept;
        window.day.push_back(index);
    }
    rows.erase(rows.begin() + static_cast<std::ptrdiff_t>(kept), rows.end());
    window.tickets = std::move(rows);
    return window;
}

}  // namespace ritualbot::commands
