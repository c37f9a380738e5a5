#include "commands/outliers/comparable.hpp"

namespace ritualbot::commands {

std::vector<Segment> comparison_groups(const DurationMetric& metric,
                                       const storage::TicketRow& ticket) {
    std::vector<Segment> groups;
    const auto& type = ticket.request_type;
    const auto& path = ticket.contact_channel;
    if (type && path) groups.push_back({std::string(kTypeAndPath), *type + "+" + *path});
    const bool by_path = metric.leading_dimension == "channel";
    const auto& leading = by_path ? path : type;
    const auto& other = by_path ? type : path;
    if (leading) {
        groups.push_back({std::string(metric.leading_dimension), *leading});
    } else if (other) {
        groups.push_back({by_path ? "request_type" : "channel", *other});
    }
    groups.push_back(kAllSegment);
    return groups;
}

std::string group_name(const Segment& group) {
    if (group.dimension == "all") return "all tickets";
    if (group.dimension == kTypeAndPath) {
        const std::size_t plus = group.value.rfind('+');
        if (plus != std::string::npos) {
            return group.value.substr(0, plus) + " by " + group.value.substr(plus + 1);
        }
    }
    return group.value;
}

}  // namespace ritualbot::commands
