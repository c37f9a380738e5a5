#pragma once
// The digest's lines as people read them (Slack mrkdwn, user text escaped): the pieces both the
// text reply (`/outliers`) and the Block Kit rendering (commands/render) are made of, so the
// two cannot drift. Pure functions of a Digest.

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

#include "commands/outliers/digest.hpp"

namespace ritualbot::commands {

std::string_view metric_label(std::string_view metric);  // "reopen rate"; unknown: the name

// "Outlier digest for 2026-10-29", multi-day "… for 2026-10-30 to 2026-11-01"
std::string digest_header(const Digest& digest);
std::string day_heading(std::chrono::year_month_day date);  // "Fri 30 Oct"
std::string digest_summary(const Digest& digest);  // zone · tickets · outliers (· held back)
// "*resolution*, the crew's metric: 3h10m (median of 12); usual 2h40m over the 28 days
// before" — what leads the digest; "" for a channel without any ticket.
std::string crew_metric_line(const Digest& digest);
// "Nothing unusual.", or for a channel without any ticket how to connect a source or upload.
std::string no_outliers_line(const Digest& digest);
std::string outlier_line(const Outlier& outlier);
std::string indicator_line(const Indicator& indicator);
std::string investigation_line(const OpenInvestigation& investigation);
// "*Post-release signals* (the dates)" and one line per signal: "escalation lag 2h10m (median of
// 12)", "repeat info rate 4.0% (2 of 50)", "policy exception rate no data"; "" without signals.
std::string signals_heading(const Digest& digest);
std::string signal_line(const Signal& signal);
// "…and 3 more: `/outliers list 2026-10-29` lists them all"
std::string more_outliers_note(const Digest& digest, std::size_t listed = kTopOutliers);

}  // namespace ritualbot::commands
