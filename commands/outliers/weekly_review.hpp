#pragma once
// The weekly review: once a week (default Friday 11:00 in the channel's zone, `review.time`;
// not on a holiday; a missed run caught up like every ritual) each channel with ticket data
// gets a post of its week — the crew's metric against its baseline, the defect clusters
// (cause_clusters.hpp) with the procedures they concern, improvements done (thanking their
// owners) and overdue, the playbook's changes — followed by the trend picture shared as a
// file. Builds values from the database it is given; the ritual never performs I/O.

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "commands/handoff/open_work.hpp"
#include "commands/outliers/cause_clusters.hpp"
#include "commands/outliers/trend_chart.hpp"
#include "commands/request.hpp"
#include "commands/schedule/scheduler.hpp"
#include "storage/outlier_settings.hpp"
#include "storage/procedures.hpp"
#include "storage/suggestions_improvements.hpp"

namespace ritualbot::commands {

inline constexpr std::string_view kWeeklyReview = "outliers.review";
inline constexpr storage::ReviewTime kDefaultReviewTime{};  // Friday 11:00

struct ReviewImprovement {
    storage::Improvement improvement;
    std::string text;  // its suggestion's text (mrkdwn, escaped)
};

// The improvement with its suggestion's text.
ReviewImprovement with_text(storage::Database& db, storage::Improvement improvement);

struct WeeklyReview {
    std::string channel;
    std::string first_day, last_day;  // the week reviewed, YYYY-MM-DD, both included
    TrendChart chart;                 // its first series is the crew's metric
    std::vector<CauseCluster> clusters;
    std::vector<ReviewImprovement> done;     // done in the week, oldest first
    std::vector<ReviewImprovement> overdue;  // open and due before last_day
    std::vector<storage::ProcedureChange> changes;
    std::vector<handoff::MarkedProcedure> marked;  // procedures marked for update, still open
};

// The week of the 7 local days ending on `last_day`; causes up to `now_ms`.
WeeklyReview build_weekly_review(storage::Database& db, const std::string& channel,
                                 std::chrono::year_month_day last_day, const date::time_zone* zone,
                                 std::int64_t now_ms);

// The review's post and its picture, keyed so a replayed run adds nothing.
Effects weekly_review_effects(const WeeklyReview& review);

std::unique_ptr<ScheduledRitual> make_weekly_review();

// "Fri 11:00 Europe/Berlin": when the channel's review is posted.
std::string review_time_text(storage::Database& db, const std::string& channel);

}  // namespace ritualbot::commands
