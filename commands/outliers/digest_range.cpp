// build_digest_range: one build_digest per date, merged. Each date keeps its own 28-day
// baseline and its own outlier ids (o-DATE-N), so a Monday digest covering the weekend flags
// exactly what the three single-day digests would, and `/outliers ack` finds the same ids.

#include <algorithm>
#include <stdexcept>

#include "commands/outliers/digest.hpp"

namespace ritualbot::commands {

Digest build_digest_range(storage::Database& db, const std::string& channel,
                          std::chrono::year_month_day from, std::chrono::year_month_day to,
                          const date::time_zone* zone, const DigestOptions& options) {
    using namespace std::chrono;
    const auto span = (sys_days{to} - sys_days{from}).count() + 1;
    if (span < 1 || span > kMaxDigestDays) {
        throw std::invalid_argument("a digest covers 1 to " + std::to_string(kMaxDigestDays) +
                                    " dates, not " + format_date(from) + " to " + format_date(to));
    }
    // The last date first: its indicators and open investigations describe the digest as a whole.
    Digest digest = build_digest(db, channel, to, zone, options);
    digest.from = from;
    std::vector<Outlier> earlier;
    for (sys_days day{from}; day < sys_days{to}; day += days{1}) {
        Digest one = build_digest(db, channel, year_month_day{day}, zone, options);
        digest.tickets += one.tickets;
        digest.suppressed += one.suppressed;
        digest.tests += one.tests;
        digest.segments += one.segments;
        std::move(one.outliers.begin(), one.outliers.end(), std::back_inserter(earlier));
    }
    digest.outliers.insert(digest.outliers.begin(), std::make_move_iterator(earlier.begin()),
                           std::make_move_iterator(earlier.end()));
    return digest;
}

}  // namespace ritualbot::commands
