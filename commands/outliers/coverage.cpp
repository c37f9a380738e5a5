#include "commands/outliers/coverage.hpp"

#include <algorithm>

#include "commands/outliers/digest.hpp"

namespace ritualbot::commands {

DateRange digest_coverage(std::optional<LocalDate> previous, LocalDate today) {
    const LocalDate yesterday = today - date::days{1};
    if (!previous || *previous >= today) return {yesterday, yesterday};
    // Older dates than this were reported late enough; a month-long downtime is not one digest.
    const LocalDate earliest = today - date::days{kMaxDigestDays};
    return {std::max(*previous, earliest), yesterday};
}

}  // namespace ritualbot::commands
