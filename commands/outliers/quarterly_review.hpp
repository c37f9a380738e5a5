#pragma once
// The quarterly review: once a quarter (default the first Monday of the quarter at the weekly
// review's time of day, in the channel's zone, `review.quarter`; on a holiday or a day off, the
// next day the crew works; a missed run caught up like every ritual) each channel with ticket
// data gets a post of the quarter just ended: each leading indicator, the crew's metric first,
// against the quarter before, with the changes made in the quarter (procedure changes,
// improvements done, with their dates) that were meant to move them. `/outliers quarter`
// shows the same on demand. Builds values from the database it is given; never performs I/O.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "commands/outliers/weekly_review.hpp"
#include "commands/schedule/quarters.hpp"

namespace ritualbot::commands {

inline constexpr std::string_view kQuarterlyReview = "outliers.quarter";

// One indicator over the quarter reviewed and the one before it.
struct QuarterIndicator {
    std::string metric;                       // digest name, e.g. "reopen_rate"
    std::string label;                        // "reopen rate"
    std::optional<double> previous, current;  // nullopt: no data that quarter
    // Improvements done in the quarter that targeted this metric ("#12 done 2026-11-26").
    std::vector<std::string> targeted_by;
};

struct QuarterlyReview {
    std::string channel;
    Quarter quarter;  // the quarter reviewed
    std::size_t tickets_previous = 0, tickets_current = 0;
    std::vector<QuarterIndicator> indicators;       // the crew's metric first
    std::vector<storage::ProcedureChange> changes;  // dated in the quarter, oldest first
    std::vector<ReviewImprovement> done;            // done in the quarter, oldest first
};

QuarterlyReview build_quarterly_review(storage::Database& db, const std::string& channel,
                                       const Quarter& quarter, const date::time_zone* zone);

// The change from the quarter before: "−17%" for a duration, "−2.1 pts" for a rate; empty when
// either quarter has no data.
std::string quarter_change_text(const QuarterIndicator& indicator);

// The review's post, keyed so a replayed run adds nothing.
Effects quarterly_review_effects(const QuarterlyReview& review);

std::unique_ptr<ScheduledRitual> make_quarterly_review();

// The quarter's review fire time for the channel: its weekday and time of day.
storage::ReviewTime quarter_time(storage::Database& db, const std::string& channel);

// "first Mon of the quarter, 11:00 Europe/Berlin": when the channel's quarterly review is posted.
std::string quarter_time_text(storage::Database& db, const std::string& channel);

}  // namespace ritualbot::commands
