#pragma once
// "Did this improvement bend its indicator?": a metric's level in the 28 local days before a
// date and in the days since (up to 28, up to yesterday), with the change and, for rates, a
// 95% interval of the difference (Newcombe's method from two Wilson intervals, which holds
// for the small counts of a crew). Pure over storage reads.

#include <chrono>
#include <optional>
#include <string>

#include "commands/schedule/local_time.hpp"
#include "storage/database.hpp"

namespace ritualbot::commands {

struct BeforeAfter {
    std::string label;  // "reopen rate"
    bool is_rate = true;
    double before = 0, after = 0;  // rate (0..1), or median seconds
    std::size_t n_before = 0, n_after = 0;
    double low = 0, high = 0;  // 95% interval of after − before (rates only)
};

// nullopt when the metric is unknown or either side has no data yet.
std::optional<BeforeAfter> before_after(storage::Database& db, const std::string& channel,
                                        const std::string& metric, LocalDate change_date,
                                        LocalDate today, const date::time_zone* zone);

// "reopen rate 12.0% (n=310) before, 7.5% (n=280) since: −4.5 points (95% CI −9.1 to 0.1)"
std::string describe(const BeforeAfter& result);

}  // namespace ritualbot::commands
