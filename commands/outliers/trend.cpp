#include "commands/outliers/trend.hpp"

#include <algorithm>
#include <map>

#include <date/tz.h>

#include "commands/outliers/metrics.hpp"
#include "commands/outliers/stats.hpp"
#include "commands/outliers/weekly_values.hpp"
#include "commands/tokenizer.hpp"

namespace ritualbot::commands {
namespace {

constexpr std::size_t kMaxSegments = 8;  // the crew plus the busiest request types
constexpr std::size_t kMaxPaths = 5;     // the busiest contact paths, where they are shown
// Metrics whose trend also lists contact paths: how satisfied a customer is depends on the path
// as much as on the request (a chat answered at once, a phone queue).
constexpr std::string_view kByPathMetrics[] = {"low_csat_rate"};
constexpr int kColumnWidth = 7;

std::string known_metrics() {
    std::string out;
    for (const auto& m : kDurationMetrics) out += (out.empty() ? "" : ", ") + std::string(m.name);
    for (const auto& m : kRateMetrics) out += ", " + std::string(m.name);
    return out;
}

std::string pad(std::string text, std::size_t width) {
    // Column widths count bytes; every cell is ASCII, so that is also characters.
    if (text.size() < width) text.insert(0, width - text.size(), ' ');
    return text;
}

}  // namespace

Result<std::string> trend_text(storage::Database& db, const std::string& channel,
                               const std::string& metric, int weeks,
                               std::chrono::year_month_day last_day, const date::time_zone* zone) {
    using namespace std::chrono;
    const auto found = find_metric(metric);
    if (!found) {
        return Error{'"' + escape_mrkdwn(metric) + "\" is not a metric; use one of " +
                     known_metrics()};
    }
    weeks = std::clamp(weeks, 1, kMaxTrendWeeks);
    const int days = weeks * 7;
    const year_month_day first{sys_days{last_day} - std::chrono::days{days - 1}};
    const TicketWindow window = load_window(db, channel, first, days, zone);
    const bool by_path = std::find(std::begin(kByPathMetrics), std::end(kByPathMetrics), metric) !=
                         std::end(kByPathMetrics);

    std::map<Segment, WeeklyValues> segments;
    for (std::size_t i = 0; i < window.tickets.size(); ++i) {
        const auto& t = window.tickets[i];
        for (const Segment& segment : segments_of(t)) {
            if (segment.dimension == "channel" && !by_path) continue;
            segments.try_emplace(segment, *found, weeks).first->second.add(t, window.day[i] / 7);
        }
    }
    const std::string label(found->label());
    if (segments.empty()) {
        return "No tickets in the " + std::to_string(weeks) + " weeks to " + format_date(last_day) +
               ", so no " + label + " trend yet.";
    }
    // The crew, the busiest request types, then (by_path) the busiest contact paths.
    std::vector<std::pair<Segment, const WeeklyValues*>> order;
    for (const auto& [segment, weekly] : segments) order.emplace_back(segment, &weekly);
    const auto rank = [](const Segment& s) {
        return s == kAllSegment ? 0 : s.dimension == "channel" ? 2 : 1;
    };
    std::stable_sort(order.begin(), order.end(), [&](const auto& a, const auto& b) {
        if (rank(a.first) != rank(b.first)) return rank(a.first) < rank(b.first);
        return a.second->tickets() > b.second->tickets();
    });
    std::size_t types = 0;
    std::size_t paths = 0;
    std::erase_if(order, [&](const auto& row) {
        if (row.first.dimension == "channel") return ++paths > kMaxPaths;
        return ++types > kMaxSegments;
    });

    std::size_t name_width = 8;
    const auto row_name = [](const Segment& segment) {
        return segment.dimension == "channel" ? "via " + segment.value : segment.value;
    };
    for (const auto& [segment, weekly] : order)
        name_width = std::max(name_width, row_name(segment).size());
    std::string table = pad("week of", name_width);
    for (int w = 0; w < weeks; ++w) {
        const std::string day =
            format_date(year_month_day{sys_days{first} + std::chrono::days{7 * w}});
        table += pad(day.substr(5), kColumnWidth);
    }
    table += "\n";
    for (const auto& [segment, weekly] : order) {
        // A request type is ticket data, not Slack text: every &, < and > is escaped, code
        // block or not.
        std::string row = row_name(segment);
        row.resize(name_width, ' ');
        row = escape_mrkdwn(row);
        const auto values = weekly->values();
        for (const auto& value : values) {
            row += pad(value ? format_value(*found, *value) : "-", kColumnWidth);
        }
        table += row + "  " + stats::sparkline(values) + "\n";
    }
    std::string what = found->duration != nullptr ? "median " + label : label;
    if (by_path) what += " by request type and contact path";
    return "*" + what + "*, week by week to " + format_date(last_day) + " (" +
           std::string(zone->name()) + ")\n```\n" + table + "```";
}

}  // namespace ritualbot::commands
