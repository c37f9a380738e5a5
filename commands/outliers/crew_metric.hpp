#pragma once
// The crew's one customer-centric metric (`/ritual config metric`, default resolution), which
// leads every digest and review: its value over the dates a digest covers against the trailing
// baseline days before them. Pure: reads a loaded ticket window.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "commands/outliers/metrics.hpp"

namespace ritualbot::commands {

struct CrewMetric {
    std::string metric = "resolution";  // digest name; resolution is the crew's by default
    bool duration = true;               // seconds (a median); otherwise a share 0..1
    std::optional<double> value;        // over the dates covered; nullopt: no data
    std::optional<double> baseline;     // over the baseline days before them
    std::size_t n = 0;                  // tickets the metric counts on the dates covered
};

// Window days [covered_from, window.days) against [covered_from − baseline_days, covered_from);
// only `request_type`'s tickets when one is given. An unknown metric reads as resolution.
CrewMetric crew_metric_of(const TicketWindow& window, std::string_view metric, int covered_from,
                          int baseline_days, const std::optional<std::string>& request_type);

}  // namespace ritualbot::commands
