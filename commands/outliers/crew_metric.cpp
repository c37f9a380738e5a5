#include "commands/outliers/crew_metric.hpp"

#include "commands/outliers/weekly_values.hpp"

namespace ritualbot::commands {

CrewMetric crew_metric_of(const TicketWindow& window, std::string_view metric, int covered_from,
                          int baseline_days, const std::optional<std::string>& request_type) {
    const MetricRef ref = find_metric(metric).value_or(*find_metric("resolution"));
    // Two blocks: the baseline (0) and the dates covered (1).
    WeeklyValues values(ref, 2);
    std::size_t counted = 0;
    const int baseline_from = covered_from - baseline_days;
    for (std::size_t i = 0; i < window.tickets.size(); ++i) {
        const storage::TicketRow& ticket = window.tickets[i];
        if (window.day[i] < baseline_from) continue;
        if (request_type && ticket.request_type != request_type) continue;
        const bool covered = window.day[i] >= covered_from;
        values.add(ticket, covered ? 1 : 0);
        if (covered && (ref.duration ? ref.duration->seconds(ticket).has_value()
                                     : ref.rate->event(ticket).has_value()))
            ++counted;
    }
    CrewMetric out;
    out.metric = std::string(ref.duration ? ref.duration->name : ref.rate->name);
    out.duration = ref.duration != nullptr;
    out.value = values.pooled(1, 1);
    out.baseline = values.pooled(0, 0);
    out.n = counted;
    return out;
}

}  // namespace ritualbot::commands
