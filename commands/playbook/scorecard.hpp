#pragma once
// `/playbook show NAME`: a procedure's scorecard, everything that concerns it in one place: its
// indicators over its segment week by week, the open investigations and the causes recorded
// against it, its suggestions and improvements (with before/after for the done ones that name
// a metric), the latest customer voice and its history. A domain value; commands/render turns
// it into blocks. Reads through the Database it is given.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "commands/outliers/causes.hpp"
#include "commands/schedule/local_time.hpp"
#include "storage/customer_voices.hpp"
#include "storage/database.hpp"
#include "storage/procedures.hpp"
#include "storage/suggestions.hpp"

namespace ritualbot::commands::playbook {

inline constexpr int kScorecardWeeks = 8;
inline constexpr std::size_t kScorecardVoices = 3;
inline constexpr std::size_t kScorecardHistory = 5;
inline constexpr std::size_t kScorecardCauses = 5;

struct Indicator {
    std::string label;      // "reopen rate", "median first response"
    std::string sparkline;  // one bar per week, blank for a week without data
    std::string first;      // the oldest week's value with data, as people read it
    std::string latest;     // the newest week's
};

struct OpenInvestigation {
    std::string outlier_id;
    std::string what;   // "reopen rate · billing", mrkdwn
    std::string owner;  // Slack user id
    int age_days = 0;
    bool has_cause = false;
};

struct ImprovementLine {
    std::string title;  // "*#3* Checklist for refunds `#refunds`", mrkdwn
    std::string owner;  // empty: nobody yet
    std::string due_date;
    std::string done_date;  // empty while open
    std::string effect;     // before/after of its metric, once done; empty: none to show
};

struct Scorecard {
    storage::Procedure procedure;
    std::string segment;   // described, mrkdwn
    std::string last_day;  // the newest week ends on this date (yesterday)
    std::vector<Indicator> indicators;  // only the metrics with data
    std::vector<OpenInvestigation> investigations;
    std::vector<CauseCount> causes;  // most frequent first, at most kScorecardCauses
    std::vector<std::string> suggestions;  // waiting for the vote, as ballot lines
    std::vector<ImprovementLine> improvements;  // open first, then done
    std::vector<storage::CustomerVoice> voices;  // newest first
    std::optional<storage::ProcedureEvent> last_change;  // the newest "changed"
    std::vector<storage::ProcedureEvent> history;        // newest first
};

Scorecard build_scorecard(storage::Database& db, const storage::Procedure& procedure,
                          LocalDate today, const date::time_zone* zone, std::int64_t now_ms);

}  // namespace ritualbot::commands::playbook
