// digest_of_date: runs the four families of tests (ticket durations, daily rates, drift,
// volume) for one date on its window's shared counts (digest_window.hpp), applies the cooldown,
// then gives each flag a stable id. See digest.hpp and DESIGN.md "Outlier method" for the
// method; comments here say why the details are as they are.

#include <algorithm>
#include <utility>

#include <date/tz.h>

#include "commands/outliers/concentration.hpp"
#include "commands/outliers/digest_builder.hpp"
#include "commands/outliers/digest_records.hpp"
#include "commands/outliers/format.hpp"
#include "commands/outliers/stats.hpp"

namespace ritualbot::commands {
namespace {

using storage::TicketRow;
constexpr int kDriftDays = 7;  // "week over week": the recent block a drift is judged on

stats::DayCount pooled(const std::vector<stats::DayCount>& days, int from, int to) {
    stats::DayCount sum;
    for (int d = from; d < to; ++d) {
        sum.k += days[static_cast<std::size_t>(d)].k;
        sum.n += days[static_cast<std::size_t>(d)].n;
    }
    return sum;
}

double rate_of(stats::DayCount c) {
    return c.n == 0 ? 0.0 : static_cast<double>(c.k) / static_cast<double>(c.n);
}

std::string of(stats::DayCount c) {
    return std::to_string(c.k) + " of " + std::to_string(c.n);
}

// What a flag from an exact test (rate, drift, volume) carries; the caller adds its tickets and
// its `why`.
Outlier tested_flag(OutlierKind kind, std::string_view metric, Segment segment, double value,
                    double baseline, double p, std::size_t n) {
    Outlier o;
    o.kind = kind;
    o.metric = std::string(metric);
    o.segment = std::move(segment);
    o.value = value;
    o.baseline = baseline;
    o.p_value = p;
    o.score = stats::upper_quantile(p);
    o.n = n;
    return o;
}

class Builder {
public:
    // `today`: the window index of the date judged; the window holds its 42 days before it.
    Builder(const DigestWindow& shared, int today, const DigestOptions& options)
        : s_(shared),
          w_(shared.window()),
          o_(options),
          today_(today),
          end_(today + 1),
          first_(end_ - options.baseline_days - options.indicator_days),
          baseline_from_(today_ - options.baseline_days),
          indicators_from_(end_ - options.indicator_days),
          on_day_(shared.tickets_of_days(today, today + 1)),
          tags_(shared.tags(today)) {}

    // Ticket durations: see duration_tests.hpp.
    void ticket_tests(std::vector<Outlier>& out, std::size_t& tests) const {
        std::vector<std::size_t> on_day;
        for (std::size_t i = on_day_.first; i < on_day_.second; ++i) {
            if (o_.request_type && w_.tickets[i].request_type != o_.request_type) continue;
            on_day.push_back(i);
        }
        for (Outlier& o : s_.durations().run(on_day, baseline_from_, today_, tests)) {
            out.push_back(std::move(o));
        }
    }

    void rate_tests(std::vector<Outlier>& out, std::size_t& tests) {
        struct Found {
            int segment;
            std::size_t metric;
            stats::DayCount day, base;
        };
        std::vector<Found> found;
        std::size_t run = 0;
        for (int segment = 0; segment < segment_count(); ++segment) {
            const SegmentCounts* data = tested(segment);
            if (data == nullptr) continue;
            for (std::size_t m = 0; m < kRateCount; ++m) {
                const stats::DayCount day = data->rates[m][static_cast<std::size_t>(today_)];
                const stats::DayCount base = pooled(data->rates[m], baseline_from_, today_);
                if (day.n < o_.min_day_volume || base.n < o_.min_baseline_volume) continue;
                ++run;
                if (rate_of(day) - rate_of(base) < o_.min_rate_increase) continue;
                found.push_back({segment, m, day, base});
            }
        }
        tests += run;
        const double alpha = stats::per_test_alpha(o_.family_alpha, run);
        for (const Found& f : found) {
            const auto p = stats::rate_upper_p_below(f.day.k, f.day.n, f.base.k, f.base.n, alpha);
            if (!p) continue;
            const RateMetric& metric = kRateMetrics[f.metric];
            Outlier o = tested_flag(OutlierKind::rate, metric.name, segment(f.segment),
                                    rate_of(f.day), rate_of(f.base), *p, f.day.n);
            event_tickets(o, f.segment, f.metric, today_, today_ + 1);
            o.why = std::string(metric.label) + " " + format_percent(o.value) + " (" + of(f.day) +
                    "); usual " + format_percent(o.baseline) + " (" + of(f.base) + " in " +
                    std::to_string(o_.baseline_days) + " days); p=" + format_p(*p);
            add_concentration(o, f.segment, metric);
            flagged_rates_.emplace_back(f.segment, f.metric);
            out.push_back(std::move(o));
        }
    }

    // Drift: the last 7 days pooled against the 28 days before the 14 indicator days, with the
    // same exact test as a single day, so a creep that never makes one day significant is
    // still caught. The EWMA over the indicator days must agree (the rise is still there at the
    // end) and is the value shown. An EWMA z-score alone was tried first: with a handful of
    // tickets a day its distribution is far from normal and it cried wolf about twenty times
    // per 1,000 segment-days on clean data. A same-day rate flag already covers its key.
    void drift_tests(std::vector<Outlier>& out, std::size_t& tests) {
        struct Found {
            int segment;
            std::size_t metric;
            stats::Drift drift;
            stats::DayCount base, recent;
        };
        std::vector<Found> found;
        std::size_t run = 0;
        for (int segment = 0; segment < segment_count(); ++segment) {
            const SegmentCounts* data = tested(segment);
            if (data == nullptr) continue;
            for (std::size_t m = 0; m < kRateCount; ++m) {
                const auto& counts = data->rates[m];
                const stats::DayCount base = pooled(counts, first_, indicators_from_);
                const stats::DayCount recent = pooled(counts, end_ - kDriftDays, end_);
                if (base.n < o_.min_baseline_volume || recent.n < o_.min_drift_volume) continue;
                ++run;
                const std::vector<stats::DayCount> days(counts.begin() + indicators_from_,
                                                        counts.begin() + end_);
                const stats::Drift drift = stats::ewma_drift(days, base.k, base.n, o_.drift_lambda);
                if (rate_of(recent) - rate_of(base) < o_.min_drift_increase ||
                    drift.ewma - drift.baseline < o_.min_drift_increase) {
                    continue;
                }
                found.push_back({segment, m, drift, base, recent});
            }
        }
        tests += run;
        const double alpha = stats::per_test_alpha(o_.family_alpha, run);
        for (const Found& f : found) {
            const auto p =
                stats::rate_upper_p_below(f.recent.k, f.recent.n, f.base.k, f.base.n, alpha);
            if (!p) continue;
            const auto same_day = std::find(flagged_rates_.begin(), flagged_rates_.end(),
                                            std::pair(f.segment, f.metric));
            if (same_day != flagged_rates_.end()) continue;
            const RateMetric& metric = kRateMetrics[f.metric];
            Outlier o = tested_flag(OutlierKind::drift, metric.name, segment(f.segment),
                                    f.drift.ewma, f.drift.baseline, *p, f.recent.n);
            event_tickets(o, f.segment, f.metric, end_ - kDriftDays, end_);
            o.why = std::string(metric.label) + " creeping: " + format_percent(rate_of(f.recent)) +
                    " over the last " + std::to_string(kDriftDays) + " days (" + of(f.recent) +
                    "), " + std::to_string(o_.indicator_days) + "-day EWMA " +
                    format_percent(o.value) + "; usual " + format_percent(o.baseline) + " (" +
                    of(f.base) + " in the " + std::to_string(indicators_from_ - first_) +
                    " days before); p=" + format_p(*p);
            out.push_back(std::move(o));
        }
    }

    // Volume: the day's tickets in a segment against the same weekday of the four weeks before
    // (only volume has a weekly shape; DESIGN.md "Outlier method"), with the exact conditional
    // test for Poisson counts at the family's Bonferroni threshold. Daily counts vary more than
    // Poisson (a newsletter, a campaign), so a flag also needs the day to be at least
    // min_volume_ratio times the usual and min_volume_excess tickets above it.
    void volume_tests(std::vector<Outlier>& out, std::size_t& tests) const {
        constexpr int kWeeks = 4;
        if (today_ - first_ < 7 * kWeeks) return;
        struct Found {
            int segment;
            std::size_t day, sum;
        };
        std::vector<Found> found;
        std::size_t run = 0;
        for (int segment = 0; segment < segment_count(); ++segment) {
            const SegmentCounts* data = tested(segment);
            if (data == nullptr) continue;
            const std::size_t day = data->volume[static_cast<std::size_t>(today_)];
            if (day < o_.min_day_volume) continue;
            std::size_t sum = 0;
            for (int w = 1; w <= kWeeks; ++w)
                sum += data->volume[static_cast<std::size_t>(today_ - 7 * w)];
            ++run;
            const double usual = static_cast<double>(sum) / kWeeks;
            if (static_cast<double>(day) < o_.min_volume_ratio * usual ||
                static_cast<double>(day) - usual < static_cast<double>(o_.min_volume_excess)) {
                continue;
            }
            found.push_back({segment, day, sum});
        }
        tests += run;
        const double alpha = stats::per_test_alpha(o_.family_alpha, run);
        static constexpr const char* kWeekdays[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                                    "Thursday", "Friday", "Saturday"};
        const std::string weekday = kWeekdays[std::chrono::weekday{
            std::chrono::sys_days{w_.first} +
            std::chrono::days{today_}}.c_encoding()];
        for (const Found& f : found) {
            const auto p = stats::count_upper_p_below(f.day, f.sum, kWeeks, alpha);
            if (!p) continue;
            Outlier o = tested_flag(OutlierKind::rate, kVolumeMetric, segment(f.segment),
                                    static_cast<double>(f.day), static_cast<double>(f.sum) / kWeeks,
                                    *p, f.day);
            for (std::size_t i = on_day_.second; i-- > on_day_.first;) {
                if (!s_.segments().contains(i, f.segment, tags_)) continue;
                ++o.ticket_count;
                if (o.tickets.size() < o_.max_tickets_listed) o.tickets.push_back(w_.tickets[i].id);
            }
            o.why = "volume " + std::to_string(f.day) + " tickets; usual " +
                    format_count(o.baseline) + " on a " + weekday + " (" + std::to_string(f.sum) +
                    " in the " + std::to_string(kWeeks) + " " + weekday +
                    "s before); p=" + format_p(*p);
            out.push_back(std::move(o));
        }
    }

    std::vector<Indicator> indicators() const {
        std::vector<Indicator> out;
        const Segment wanted_segment =
            o_.request_type ? Segment{"request_type", *o_.request_type} : kAllSegment;
        const SegmentCounts* data = nullptr;
        for (int segment = 0; segment < segment_count() && data == nullptr; ++segment) {
            if (s_.segments().segment(segment) == wanted_segment) data = s_.counts(segment);
        }
        if (data == nullptr ||
            data->volume[static_cast<std::size_t>(today_)] + pooled_volume(*data, first_, today_) ==
                0) {
            return out;
        }
        using namespace std::chrono;
        std::vector<std::string> dates;
        for (int d = indicators_from_; d < end_; ++d)
            dates.push_back(format_date(year_month_day{sys_days{w_.first} + days{d}}));
        for (std::size_t m = 0; m < kRateCount; ++m) {
            if (!kRateMetrics[m].leading) continue;
            const auto& counts = data->rates[m];
            Indicator indicator;
            indicator.metric = std::string(kRateMetrics[m].name);
            indicator.days = dates;
            bool any = false;
            for (int d = indicators_from_; d < end_; ++d) {
                const stats::DayCount c = counts[static_cast<std::size_t>(d)];
                indicator.values.push_back(c.n == 0 ? std::nullopt : std::optional(rate_of(c)));
                any = any || c.n > 0;
            }
            if (!any) continue;  // the source has no such column: the metric is not shown
            const stats::DayCount this_week = pooled(counts, end_ - 7, end_);
            const stats::DayCount last_week = pooled(counts, end_ - 14, end_ - 7);
            if (this_week.n > 0 && last_week.n > 0) {
                indicator.week_change = rate_of(this_week) - rate_of(last_week);
            }
            indicator.sparkline = stats::sparkline(indicator.values);
            out.push_back(std::move(indicator));
        }
        return out;
    }

    std::size_t tickets_today() const {
        std::size_t n = 0;
        for (std::size_t i = on_day_.first; i < on_day_.second; ++i) {
            if (!o_.request_type || w_.tickets[i].request_type == o_.request_type) ++n;
        }
        return n;
    }

    std::size_t segments_today() const {
        std::size_t n = 0;
        for (int segment = 0; segment < segment_count(); ++segment) {
            const SegmentCounts* data = tested(segment);
            if (data != nullptr && data->volume[static_cast<std::size_t>(today_)] > 0) ++n;
        }
        return n;
    }

private:
    int segment_count() const { return static_cast<int>(s_.segments().size()); }
    const Segment& segment(int id) const { return s_.segments().segment(id); }

    // The segment's counts when the date tests it: it is wanted, and a tag is one of the date's.
    const SegmentCounts* tested(int id) const {
        const Segment& s = segment(id);
        if (o_.request_type && (s.dimension != "request_type" || s.value != *o_.request_type)) {
            return nullptr;
        }
        if (s_.segments().is_tag(id) && std::find(tags_.begin(), tags_.end(), id) == tags_.end()) {
            return nullptr;
        }
        return s_.counts(id);
    }

    static std::size_t pooled_volume(const SegmentCounts& data, int from, int to) {
        std::size_t sum = 0;
        for (int d = from; d < to; ++d) sum += data.volume[static_cast<std::size_t>(d)];
        return sum;
    }

    // Appends where the day's excess of `metric` in the outlier's segment concentrates.
    void add_concentration(Outlier& o, int segment, const RateMetric& metric) const {
        std::vector<const TicketRow*> day;
        for (std::size_t i = on_day_.first; i < on_day_.second; ++i) {
            if (s_.segments().contains(i, segment, tags_)) day.push_back(&w_.tickets[i]);
        }
        std::vector<std::string> tags;
        for (const int tag : tags_) tags.push_back(s_.segments().segment(tag).value);
        if (const auto c = concentration(day, o.segment, metric, o.baseline, tags)) {
            o.why += concentration_text(*c);
        }
    }

    // The tickets behind a rate: those with the event in the segment on days [from, to),
    // newest first.
    void event_tickets(Outlier& o, int segment, std::size_t metric, int from, int to) const {
        const auto [begin, end] = s_.tickets_of_days(from, to);
        for (std::size_t i = end; i-- > begin;) {
            if (!s_.segments().contains(i, segment, tags_)) continue;
            if (kRateMetrics[metric].event(w_.tickets[i]) != std::optional<bool>(true)) continue;
            ++o.ticket_count;
            if (o.tickets.size() < o_.max_tickets_listed) o.tickets.push_back(w_.tickets[i].id);
        }
    }

    const DigestWindow& s_;
    const TicketWindow& w_;
    const DigestOptions& o_;
    const int today_;            // window index of the digest date
    const int end_;              // today_ + 1
    const int first_;            // first day of the date's 42 (baseline and indicator days)
    const int baseline_from_;    // first baseline day for tickets and rates
    const int indicators_from_;  // first indicator day; drift's baseline is before it
    const std::pair<std::size_t, std::size_t> on_day_;  // the date's tickets
    const std::span<const int> tags_;                   // the date's tag segments
    std::vector<std::pair<int, std::size_t>> flagged_rates_;
};

}  // namespace

Digest digest_of_date(storage::Database& db, const std::string& channel, const DigestWindow& window,
                      int today, const date::time_zone* zone, const DigestOptions& options) {
    using namespace std::chrono;
    const year_month_day date{sys_days{window.window().first} + days{today}};
    Builder builder(window, today, options);
    std::vector<Outlier> flagged;
    Digest digest;
    digest.channel = channel;
    digest.date = date;
    digest.timezone = std::string(zone->name());
    builder.ticket_tests(flagged, digest.tests);
    builder.rate_tests(flagged, digest.tests);
    builder.drift_tests(flagged, digest.tests);
    builder.volume_tests(flagged, digest.tests);
    digest.indicators = builder.indicators();
    digest.tickets = builder.tickets_today();
    digest.channel_has_tickets = storage::Tickets(db).any(channel);
    digest.segments = builder.segments_today();

    for (Outlier& o : flagged) o.date = date;
    const std::int64_t day_end = local_midnight_ms(year_month_day{sys_days{date} + days{1}}, zone);
    apply_investigations(db, digest, std::move(flagged), day_end);
    // `/outliers` runs inside the bot's transaction for the command (this becomes a savepoint
    // in it), the scheduled digest and the CLI outside any.
    storage::Transaction ids(db);
    // The record's created_at is informational; the digest's own date end keeps this pure.
    assign_ids(db, digest, day_end);
    ids.commit();
    return digest;
}

}  // namespace ritualbot::commands
