#pragma once
// The digest's ticket-level tests (DESIGN.md "Outlier method"): each ticket's first response
// and resolution, on the log scale, against the comparable tickets of the 28-day baseline
// (comparable.hpp), flagged with a modified z-score above a threshold that holds the family's
// false-alarm rate. Internal to commands/outliers; used by build_digest.
// Not thread-safe; a plain value owned by one digest build.

#include <cstddef>
#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "commands/outliers/digest.hpp"

namespace ritualbot::commands {

class DurationTests {
public:
    explicit DurationTests(const DigestOptions& options) : o_(options) {}

    // A ticket of the baseline days: its durations join each of its comparison groups.
    void add_baseline(const storage::TicketRow& ticket);

    // Scores tickets[i] for each i in `on_day` and returns one outlier per comparison group and
    // duration with flagged tickets (most severe first within it); adds the tests run to `tests`.
    std::vector<Outlier> run(const std::vector<storage::TicketRow>& tickets,
                             const std::vector<std::size_t>& on_day, std::size_t& tests) const;

private:
    // A duration's index in kDurationMetrics and one of its comparison groups.
    using Group = std::pair<std::size_t, Segment>;

    struct GroupScale {
        double median = 0;        // of the group's log seconds
        double scale = 1;         // of log seconds about it
        std::size_t scale_n = 0;  // values the scale was estimated from
    };

    GroupScale group_scale(const Group& key) const;
    std::optional<Group> comparison_group(std::size_t m, const storage::TicketRow& t) const;

    const DigestOptions& o_;
    std::map<Group, std::vector<double>> logs_;  // baseline days, log seconds
    std::map<Group, Segment> pair_parent_;       // a type × path pair's leading group
};

}  // namespace ritualbot::commands
