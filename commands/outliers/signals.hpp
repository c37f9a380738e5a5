#pragma once
// The post-release signals (DESIGN.md metric names, README "Post-release signals"): escalation
// lag, deflection recontact, repeat information and policy exceptions. They are metrics like the
// others (tested for outliers, shown by `/outliers trend`); in addition the digest lists each one
// whose data the crew has, with its value over the digest's dates or "no data".
// A crew without the columns can map its own data onto them: a ticket tag that marks repeat
// information or a policy exception, a contact path that counts as self-service (deflected).
// Pure functions, safe from any thread.

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "commands/outliers/metrics.hpp"
#include "storage/outlier_settings.hpp"

namespace ritualbot::commands {

inline constexpr std::array<std::string_view, 4> kSignalMetrics = {
    "escalation_lag", "deflection_recontact_rate", "repeat_info_rate", "policy_exception_rate"};

// One signal over the digest's dates: the median seconds (escalation_lag) or the rate (k of n).
// value is nullopt when none of the dates' tickets carries its data.
struct Signal {
    std::string metric;
    std::optional<double> value;
    std::size_t k = 0;  // a rate's tickets with the event
    std::size_t n = 0;  // the tickets the value is from
};

// Fills in what a source left unknown from the crew's mappings: deflected from the self-service
// path, repeat_info and policy_exception from their tags (matched case-insensitively; a ticket
// without that tag is marked false once a tag is mapped). A column the source has always wins.
void apply_signal_mappings(std::vector<storage::TicketRow>& tickets,
                           const storage::OutlierSettings& settings);

// The signals over window days [from, to), of the tickets of `request_type` (all when nullopt).
// A signal no ticket of the whole window has data for is left out: the crew's sources do not
// have it, so it is not shown.
std::vector<Signal> window_signals(const TicketWindow& window, int from, int to,
                                   const std::optional<std::string>& request_type);

}  // namespace ritualbot::commands
