#pragma once
// What every date of a digest shares, worked out once per window of tickets: the segments as
// ids, each rate's events and the tickets per segment and day, the duration tests' groups, and
// each date's tag segments (its most frequent tags). A Monday digest judges three dates on one
// window, so none of this is redone per date (bench/README.md has the profile).
// Internal to commands/outliers. Holds a reference to the window and the options: both must
// outlive it. Not thread-safe; a plain value owned by one digest build.

#include <array>
#include <cstddef>
#include <span>
#include <utility>
#include <vector>

#include "commands/outliers/digest.hpp"
#include "commands/outliers/duration_tests.hpp"
#include "commands/outliers/stats.hpp"
#include "commands/outliers/window_segments.hpp"

namespace ritualbot::commands {

inline constexpr std::size_t kRateCount = std::tuple_size_v<decltype(kRateMetrics)>;

struct SegmentCounts {
    std::array<std::vector<stats::DayCount>, kRateCount> rates;  // per metric, per window day
    std::vector<std::size_t> volume;                             // tickets per window day
};

class DigestWindow {
public:
    // `first`: the window index of the first date judged; every date has the baseline and
    // indicator days before it in the window.
    DigestWindow(const TicketWindow& window, int first, const DigestOptions& options);

    const TicketWindow& window() const { return w_; }
    const WindowSegments& segments() const { return segments_; }
    const DurationTests& durations() const { return durations_; }
    // nullptr for a tag segment no date tests.
    const SegmentCounts* counts(int segment) const;
    // The tag segments of the date at window index `today`.
    std::span<const int> tags(int today) const;
    // The window's tickets of days [from, to): a run of indices, tickets being in time order.
    std::pair<std::size_t, std::size_t> tickets_of_days(int from, int to) const;

private:
    const TicketWindow& w_;
    const int first_;
    WindowSegments segments_;
    DurationTests durations_;
    std::vector<std::vector<int>> tags_;  // per date from first_
    std::vector<SegmentCounts> counts_;   // by segment id; empty for tags no date tests
};

}  // namespace ritualbot::commands
