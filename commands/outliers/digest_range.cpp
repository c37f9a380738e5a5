// build_digest_range: one window of tickets read for all the dates, then each date judged on it
// as build_digest judges it. Each date keeps its own 28-day baseline and its own outlier ids
// (o-DATE-N), so a Monday digest covering the weekend flags exactly what the three single-day
// digests would, and `/outliers ack` finds the same ids.

#include <algorithm>
#include <stdexcept>

#include <date/tz.h>

#include "commands/channel/channel_config.hpp"
#include "commands/outliers/digest_builder.hpp"
#include "commands/outliers/signals.hpp"

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
    if (zone == nullptr) zone = date::locate_zone("UTC");
    const int before = options.baseline_days + options.indicator_days - 1;
    const TicketWindow window =
        load_window(db, channel, year_month_day{sys_days{from} - days{before}},
                    before + static_cast<int>(span), zone);
    const int last = window.days - 1;
    const DigestWindow shared(window, before, options);

    // The last date first: its indicators and open investigations describe the digest as a whole.
    Digest digest = digest_of_date(db, channel, shared, last, zone, options);
    digest.from = from;
    std::vector<Outlier> earlier;
    for (int today = before; today < last; ++today) {
        Digest one = digest_of_date(db, channel, shared, today, zone, options);
        digest.tickets += one.tickets;
        digest.suppressed += one.suppressed;
        digest.tests += one.tests;
        digest.segments += one.segments;
        std::move(one.outliers.begin(), one.outliers.end(), std::back_inserter(earlier));
    }
    digest.outliers.insert(digest.outliers.begin(), std::make_move_iterator(earlier.begin()),
                           std::make_move_iterator(earlier.end()));
    digest.signals = window_signals(window, before, window.days, options.request_type);
    digest.crew_metric = crew_metric_of(window, load_channel_config(db, channel).stored.metric,
                                        before, options.baseline_days, options.request_type);
    return digest;
}

Digest build_digest(storage::Database& db, const std::string& channel,
                    std::chrono::year_month_day date, const date::time_zone* zone,
                    const DigestOptions& options) {
    Digest digest = build_digest_range(db, channel, date, date, zone, options);
    digest.from.reset();
    return digest;
}

}  // namespace ritualbot::commands
