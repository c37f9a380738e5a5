#pragma once
// Numbers as the digest writes them for people: durations ("4h10m"), rates ("4.8%"), scores
// and p-values. Pure functions, safe from any thread.

#include <string>

namespace ritualbot::commands {

std::string format_duration(double seconds);  // 35s, 22m, 4h10m, 2d3h
std::string format_percent(double rate);      // 0.048 → 4.8%; 0.25 → 25%
std::string format_points(double change);     // +1.2 pts, −0.4 pts (percentage points)
std::string format_count(double mean);        // a mean count: 10, 7.5
std::string format_score(double z);           // one decimal
std::string format_p(double p);               // 0.0032, 2.1e-06

}  // namespace ritualbot::commands
