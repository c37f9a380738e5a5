#pragma once
// Which tickets a ticket's duration is judged against (DESIGN.md "Outlier method"). Response
// time is set by the contact path (a chat answered in five hours is extreme, an e-mail is not),
// resolution time by the request type. So each duration has a leading dimension: first response
// is compared with tickets of the same path, resolution with the same request type, and both with
// the same request type × path where that pair has enough tickets of its own.
// Pure functions, safe from any thread.

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "commands/outliers/metrics.hpp"
#include "storage/tickets.hpp"

namespace ritualbot::commands {

// The dimension of a request type × contact path pair; its value is "TYPE+PATH".
inline constexpr std::string_view kTypeAndPath = "request_type+channel";

// The groups a ticket can be compared in for `metric`, most specific first, ending with the
// whole crew: type × path (when both are known), then the metric's leading dimension (or the
// other one when the ticket lacks the leading one), then all.
enum class GroupKind { type_and_path, request_type, path, all };
struct GroupKinds {
    std::array<GroupKind, 3> kinds{};
    std::size_t size = 0;
};
GroupKinds comparison_kinds(const DurationMetric& metric, bool has_type, bool has_path);

// The same groups as segments.
std::vector<Segment> comparison_groups(const DurationMetric& metric,
                                       const storage::TicketRow& ticket);

// "chat", "billing by chat", "billing", "all tickets": how a `why` names a comparison group.
std::string group_name(const Segment& group);

}  // namespace ritualbot::commands
