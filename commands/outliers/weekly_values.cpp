#include "commands/outliers/weekly_values.hpp"

#include "commands/outliers/format.hpp"
#include "commands/outliers/stats.hpp"

namespace ritualbot::commands {

std::optional<MetricRef> find_metric(std::string_view name) {
    MetricRef metric{find_duration_metric(name), find_rate_metric(name)};
    if (metric.duration == nullptr && metric.rate == nullptr) return std::nullopt;
    return metric;
}

WeeklyValues::WeeklyValues(MetricRef metric, int weeks)
    : metric_(metric),
      seconds_(static_cast<std::size_t>(weeks)),
      events_(static_cast<std::size_t>(weeks)),
      counted_(static_cast<std::size_t>(weeks)) {}

void WeeklyValues::add(const storage::TicketRow& ticket, int week) {
    const auto index = static_cast<std::size_t>(week);
    ++tickets_;
    if (metric_.duration != nullptr) {
        if (const auto s = metric_.duration->seconds(ticket)) seconds_[index].push_back(*s);
    } else if (const auto event = metric_.rate->event(ticket)) {
        ++counted_[index];
        events_[index] += *event ? 1 : 0;
    }
}

std::vector<std::optional<double>> WeeklyValues::values() const {
    std::vector<std::optional<double>> out;
    for (int w = 0; w < static_cast<int>(counted_.size()); ++w) out.push_back(pooled(w, w));
    return out;
}

std::optional<double> WeeklyValues::pooled(int first, int last) const {
    std::vector<double> seconds;
    std::size_t events = 0;
    std::size_t counted = 0;
    for (auto w = static_cast<std::size_t>(first); w <= static_cast<std::size_t>(last); ++w) {
        seconds.insert(seconds.end(), seconds_[w].begin(), seconds_[w].end());
        events += events_[w];
        counted += counted_[w];
    }
    if (metric_.duration != nullptr && !seconds.empty()) return stats::median(std::move(seconds));
    if (metric_.rate != nullptr && counted > 0) {
        return static_cast<double>(events) / static_cast<double>(counted);
    }
    return std::nullopt;
}

std::string format_value(MetricRef metric, double value) {
    return metric.duration != nullptr ? format_duration(value) : format_percent(value);
}

}  // namespace ritualbot::commands
