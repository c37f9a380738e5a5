#include "commands/outliers/comparable.hpp"

namespace ritualbot::commands {

GroupKinds comparison_kinds(const DurationMetric& metric, bool has_type, bool has_path) {
    GroupKinds out;
    const auto add = [&](GroupKind kind) { out.kinds[out.size++] = kind; };
    if (has_type && has_path) add(GroupKind::type_and_path);
    const bool by_path = metric.leading_dimension == "channel";
    const bool has_leading = by_path ? has_path : has_type;
    const bool has_other = by_path ? has_type : has_path;
    if (has_leading) {
        add(by_path ? GroupKind::path : GroupKind::request_type);
    } else if (has_other) {
        add(by_path ? GroupKind::request_type : GroupKind::path);
    }
    add(GroupKind::all);
    return out;
}

std::vector<Segment> comparison_groups(const DurationMetric& metric,
                                       const storage::TicketRow& ticket) {
    const auto& type = ticket.request_type;
    const auto& path = ticket.contact_channel;
    const GroupKinds kinds = comparison_kinds(metric, type.has_value(), path.has_value());
    std::vector<Segment> groups;
    for (std::size_t i = 0; i < kinds.size; ++i) {
        switch (kinds.kinds[i]) {
            case GroupKind::type_and_path:
                groups.push_back({std::string(kTypeAndPath), *type + "+" + *path});
                break;
            case GroupKind::request_type:
                groups.push_back({"request_type", *type});
                break;
            case GroupKind::path:
                groups.push_back({"channel", *path});
                break;
            case GroupKind::all:
                groups.push_back(kAllSegment);
                break;
        }
    }
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
