#pragma once
// One metric week by week over a ticket window: the median of a duration or the share of a
// rate's events, per 7-day block. What `/outliers trend` shows per segment and a procedure's
// scorecard shows for its segment. Pure; one instance per series.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "commands/outliers/metrics.hpp"

namespace ritualbot::commands {

// Exactly one of the two is set.
struct MetricRef {
    const DurationMetric* duration = nullptr;
    const RateMetric* rate = nullptr;

    std::string_view label() const { return duration != nullptr ? duration->label : rate->label; }
};

// The metric of that digest name, or nullopt.
std::optional<MetricRef> find_metric(std::string_view name);

class WeeklyValues {
public:
    WeeklyValues(MetricRef metric, int weeks);

    void add(const storage::TicketRow& ticket, int week);  // week in 0 .. weeks − 1
    // Per week: the value, or nullopt for a week with no data.
    std::vector<std::optional<double>> values() const;
    // Weeks first .. last (inclusive) as one: the median of all their durations or the share of
    // all their events; nullopt without data. A baseline is this over the weeks before a chart.
    std::optional<double> pooled(int first, int last) const;
    std::size_t tickets() const { return tickets_; }

private:
    MetricRef metric_;
    std::vector<std::vector<double>> seconds_;
    std::vector<std::size_t> events_, counted_;
    std::size_t tickets_ = 0;
};

// A value as people read it: "4h10m" for a duration, "12.0%" for a rate.
std::string format_value(MetricRef metric, double value);

}  // namespace ritualbot::commands
