#include "commands/outliers/trend.hpp"

#include <algorithm>
#include <map>

#include <date/tz.h>

#include "commands/outliers/format.hpp"
#include "commands/outliers/metrics.hpp"
#include "commands/outliers/stats.hpp"
#include "commands/tokenizer.hpp"

namespace ritualbot::commands {
namespace {

constexpr std::size_t kMaxSegments = 8;  // the crew plus the busiest request types
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
    const DurationMetric* duration = find_duration_metric(metric);
    const RateMetric* rate = find_rate_metric(metric);
    if (duration == nullptr && rate == nullptr) {
        return Error{"\"" + escape_mrkdwn(metric) + "\" is not a metric; use one of " +
                     known_metrics()};
    }
    weeks = std::clamp(weeks, 1, kMaxTrendWeeks);
    const int days = weeks * 7;
    const year_month_day first{sys_days{last_day} - std::chrono::days{days - 1}};
    const TicketWindow window = load_window(db, channel, first, days, zone);

    // Per segment: per week, the durations (for a median) or the event counts.
    struct Weekly {
        std::vector<std::vector<double>> seconds;
        std::vector<stats::DayCount> counts;
        std::size_t tickets = 0;
    };
    std::map<Segment, Weekly> segments;
    for (std::size_t i = 0; i < window.tickets.size(); ++i) {
        const auto& t = window.tickets[i];
        const auto week = static_cast<std::size_t>(window.day[i] / 7);
        for (const Segment& segment : segments_of(t)) {
            if (segment.dimension == "channel") continue;  // by request type, as the usage says
            Weekly& w = segments[segment];
            if (w.counts.empty()) {
                w.seconds.resize(static_cast<std::size_t>(weeks));
                w.counts.resize(static_cast<std::size_t>(weeks));
            }
            ++w.tickets;
            if (duration != nullptr) {
                if (const auto s = duration->seconds(t)) w.seconds[week].push_back(*s);
            } else if (const auto event = rate->event(t)) {
                ++w.counts[week].n;
                w.counts[week].k += *event ? 1 : 0;
            }
        }
    }
    const std::string label(duration != nullptr ? duration->label : rate->label);
    if (segments.empty()) {
        return "No tickets in the " + std::to_string(weeks) + " weeks to " + format_date(last_day) +
               ", so no " + label + " trend yet.";
    }
    std::vector<std::pair<Segment, const Weekly*>> order;
    for (const auto& [segment, weekly] : segments) order.emplace_back(segment, &weekly);
    std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) {
        if ((a.first == kAllSegment) != (b.first == kAllSegment)) return a.first == kAllSegment;
        return a.second->tickets > b.second->tickets;
    });
    if (order.size() > kMaxSegments) order.resize(kMaxSegments);

    std::size_t name_width = 8;
    for (const auto& [segment, weekly] : order)
        name_width = std::max(name_width, segment.value.size());
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
        std::string row = segment.value;
        row.resize(name_width, ' ');
        row = escape_mrkdwn(row);
        std::vector<std::optional<double>> values;
        for (int w = 0; w < weeks; ++w) {
            const auto index = static_cast<std::size_t>(w);
            std::optional<double> value;
            if (duration != nullptr && !weekly->seconds[index].empty()) {
                value = stats::median(weekly->seconds[index]);
            } else if (rate != nullptr && weekly->counts[index].n > 0) {
                value = static_cast<double>(weekly->counts[index].k) /
                        static_cast<double>(weekly->counts[index].n);
            }
            values.push_back(value);
            const std::string cell = !value                ? "-"
                                     : duration != nullptr ? format_duration(*value)
                                                           : format_percent(*value);
            row += pad(cell, kColumnWidth);
        }
        table += row + "  " + stats::sparkline(values) + "\n";
    }
    const std::string what = duration != nullptr ? "median " + label : label;
    return "*" + what + "*, week by week to " + format_date(last_day) + " (" +
           std::string(zone->name()) + ")\n```\n" + table + "```";
}

}  // namespace ritualbot::commands
