#pragma once
// What the digest measures (DESIGN.md "Digest JSON" metric names), how a ticket falls into
// segments, and loading a channel's tickets bucketed by local day. Shared by the digest and
// `/outliers trend`.
// Immutable tables and pure functions, except load_window which reads the database it is given.

#include <array>
#include <chrono>
#include <compare>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/database.hpp"
#include "storage/tickets.hpp"

namespace date {
class time_zone;
}

namespace ritualbot::commands {

struct DurationMetric {
    std::string_view name;                                        // first_response | resolution
    std::string_view label;                                       // "first response"
    std::optional<double> (*seconds)(const storage::TicketRow&);  // nullopt: not known
    std::string_view leading_dimension;  // what sets it: channel (the path) or request_type
};

struct RateMetric {
    std::string_view name;   // reopen_rate, …
    std::string_view label;  // "reopen rate"
    // Whether the ticket counts as the event; nullopt: not in the denominator (column unknown).
    std::optional<bool> (*event)(const storage::TicketRow&);
    bool leading;  // shown among the leading indicators with a sparkline
};

extern const std::array<DurationMetric, 3> kDurationMetrics;
extern const std::array<RateMetric, 9> kRateMetrics;
const DurationMetric* find_duration_metric(std::string_view name);
const RateMetric* find_rate_metric(std::string_view name);

struct Segment {
    std::string dimension;  // request_type | channel | all
    std::string value;      // "all" for the whole crew

    auto operator<=>(const Segment&) const = default;
};
inline const Segment kAllSegment{"all", "all"};

// all, then request_type and channel (contact path) when the ticket has them.
std::vector<Segment> segments_of(const storage::TicketRow& ticket);

// A channel's tickets created on `days` consecutive local dates from `first`, each with the
// index of its local day. Recontact is derived where the source left it unknown: a ticket whose
// requester opened another ticket within 7 days of its solve (tickets up to 7 days after the
// window are read for that; a solve after the window's end looks only up to that point), and the
// post-release signal flags from the channel's mappings (signals.hpp).
struct TicketWindow {
    std::chrono::year_month_day first;
    int days = 0;
    std::vector<storage::TicketRow> tickets;
    std::vector<int> day;  // per ticket, 0 .. days − 1
};

TicketWindow load_window(storage::Database& db, const std::string& channel,
                         std::chrono::year_month_day first, int days, const date::time_zone* zone);

// Unix ms of local midnight starting `date` in `zone` (the earliest, if midnight repeats).
std::int64_t local_midnight_ms(std::chrono::year_month_day date, const date::time_zone* zone);

std::string format_date(std::chrono::year_month_day date);  // YYYY-MM-DD

}  // namespace ritualbot::commands
