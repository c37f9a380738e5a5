#pragma once
// The digest's ticket-level tests (DESIGN.md "Outlier method"): each ticket's durations (first
// response, resolution, escalation lag), on the log scale, against the comparable tickets of
// the 28-day baseline (comparable.hpp), flagged with a modified z-score above a threshold that
// holds the family's false-alarm rate. Internal to commands/outliers; used by the digest.
// Built once per window of tickets: each duration's logarithm and comparison groups are worked
// out once, and each date of a range takes its baseline as a slice of every group's days.
// Holds views into the window: it must outlive the DurationTests. Not thread-safe.

#include <array>
#include <cstddef>
#include <map>
#include <optional>
#include <vector>

#include "commands/outliers/digest.hpp"
#include "commands/outliers/window_segments.hpp"

namespace ritualbot::commands {

class DurationTests {
public:
    DurationTests(const TicketWindow& window, const WindowSegments& segments,
                  const DigestOptions& options);

    // Scores window ticket i for each i in `on_day` against the baseline days [from, to) and
    // returns one outlier per comparison group and duration with flagged tickets (most severe
    // first within it); adds the tests run to `tests`.
    std::vector<Outlier> run(const std::vector<std::size_t>& on_day, int from, int to,
                             std::size_t& tests) const;

private:
    // One comparison group of one duration: its tickets' days and log seconds, in time order.
    struct Group {
        Segment segment;
        int parent = -1;  // a type × path pair's leading group; -1 for the others
        std::vector<int> days;
        std::vector<double> logs;
        std::vector<int> pairs;  // a leading group's type × path pairs
    };
    struct Slice {
        std::size_t begin = 0, end = 0;
        std::size_t size() const { return end - begin; }
    };
    struct GroupScale {
        double median = 0;        // of the group's log seconds
        double scale = 1;         // of log seconds about it
        std::size_t scale_n = 0;  // values the scale was estimated from
    };
    static constexpr std::size_t kMaxGroups = 3;
    using TicketGroups = std::array<int, kMaxGroups>;  // most specific first; -1 ends it

    Slice slice(const Group& group, int from, int to) const;
    // Adds the scale of `group` over the baseline days [from, to) to `scales`, and those of the
    // pairs sharing its scale.
    void add_scales(std::size_t m, int group, int from, int to,
                    std::map<int, GroupScale>& scales) const;
    std::optional<int> comparison_group(std::size_t m, std::size_t ticket, int from, int to) const;

    const TicketWindow& w_;
    const DigestOptions& o_;
    // Per duration: the groups, and per ticket its log seconds (NaN when unknown) and groups.
    std::vector<std::vector<Group>> groups_;
    std::vector<std::vector<double>> logs_;
    std::vector<std::vector<TicketGroups>> ticket_groups_;
};

}  // namespace ritualbot::commands
