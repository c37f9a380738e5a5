// build_digest: buckets the window's tickets by segment and local day, runs the three families
// of tests (ticket durations, daily rates, drift), applies the cooldown, then gives each flag a
// stable id. See digest.hpp and DESIGN.md "Outlier method" for the method; comments here say
// why the details are as they are.

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

#include <date/tz.h>

#include "commands/outliers/concentration.hpp"
#include "commands/outliers/digest.hpp"
#include "commands/outliers/digest_records.hpp"
#include "commands/outliers/duration_tests.hpp"
#include "commands/outliers/format.hpp"
#include "commands/outliers/stats.hpp"

namespace ritualbot::commands {
namespace {

using storage::TicketRow;
constexpr std::size_t kRates = std::tuple_size_v<decltype(kRateMetrics)>;
constexpr int kDriftDays = 7;  // "week over week": the recent block a drift is judged on
// Tags as a segment dimension: the most frequent few in the window, each on enough tickets to
// be tested, so a crew with hundreds of tags does not multiply the tests.
constexpr std::size_t kMaxTagSegments = 5;
constexpr std::size_t kMinTagTickets = 30;

struct SegmentData {
    std::array<std::vector<stats::DayCount>, kRates> counts;  // per metric, per window day
    std::vector<std::size_t> volume;                          // tickets per window day
    std::size_t on_day = 0;                                   // tickets on the digest date
};

struct Candidate {
    OutlierKind kind;
    std::string metric;
    Segment segment;
    Outlier outlier;
};

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

class Builder {
public:
    Builder(const TicketWindow& window, const DigestOptions& options)
        : w_(window),
          o_(options),
          today_(window.days - 1),
          baseline_from_(today_ - options.baseline_days),
          indicators_from_(window.days - options.indicator_days),
          durations_(options),
          tags_(top_tags(window.tickets, kMaxTagSegments, kMinTagTickets)) {}

    // Ticket durations: see duration_tests.hpp.
    void ticket_tests(std::vector<Candidate>& out, std::size_t& tests) {
        std::vector<std::size_t> on_day;
        for (std::size_t i = 0; i < w_.tickets.size(); ++i) {
            if (w_.day[i] != today_) continue;
            if (o_.request_type && w_.tickets[i].request_type != o_.request_type) continue;
            on_day.push_back(i);
        }
        for (Outlier& o : durations_.run(w_.tickets, on_day, tests)) {
            out.push_back({o.kind, o.metric, o.segment, std::move(o)});
        }
    }

    void bucket() {
        for (std::size_t i = 0; i < w_.tickets.size(); ++i) {
            const TicketRow& t = w_.tickets[i];
            const int day = w_.day[i];
            for (const Segment& segment : segments_for(t)) {
                SegmentData& data = segment_data(segment);
                if (day == today_) ++data.on_day;
                ++data.volume[static_cast<std::size_t>(day)];
                for (std::size_t m = 0; m < kRates; ++m) {
                    const auto event = kRateMetrics[m].event(t);
                    if (!event) continue;
                    stats::DayCount& c = data.counts[m][static_cast<std::size_t>(day)];
                    ++c.n;
                    c.k += *event ? 1 : 0;
                }
            }
            if (day >= baseline_from_ && day < today_) durations_.add_baseline(t);
        }
    }

    bool wanted(const Segment& segment) const {
        if (!o_.request_type) return true;
        return segment.dimension == "request_type" && segment.value == *o_.request_type;
    }

    void rate_tests(std::vector<Candidate>& out, std::size_t& tests) {
        struct Found {
            Segment segment;
            std::size_t metric;
            stats::DayCount day, base;
            double p;
        };
        std::vector<Found> found;
        std::size_t run = 0;
        for (const auto& [segment, data] : segments_) {
            if (!wanted(segment)) continue;
            for (std::size_t m = 0; m < kRates; ++m) {
                const stats::DayCount day = data.counts[m][static_cast<std::size_t>(today_)];
                const stats::DayCount base = pooled(data.counts[m], baseline_from_, today_);
                if (day.n < o_.min_day_volume || base.n < o_.min_baseline_volume) continue;
                ++run;
                if (rate_of(day) - rate_of(base) < o_.min_rate_increase) continue;
                found.push_back(
                    {segment, m, day, base, stats::rate_upper_p(day.k, day.n, base.k, base.n)});
            }
        }
        tests += run;
        const double alpha = stats::per_test_alpha(o_.family_alpha, run);
        for (const Found& f : found) {
            if (f.p >= alpha) continue;
            const RateMetric& metric = kRateMetrics[f.metric];
            Outlier o;
            o.kind = OutlierKind::rate;
            o.metric = std::string(metric.name);
            o.segment = f.segment;
            o.value = rate_of(f.day);
            o.baseline = rate_of(f.base);
            o.p_value = f.p;
            o.score = stats::upper_quantile(f.p);
            o.n = f.day.n;
            event_tickets(o, f.metric, today_, today_ + 1);
            o.why = std::string(metric.label) + " " + format_percent(o.value) + " (" + of(f.day) +
                    "); usual " + format_percent(o.baseline) + " (" + of(f.base) + " in " +
                    std::to_string(o_.baseline_days) + " days); p=" + format_p(f.p);
            add_concentration(o, metric);
            flagged_rates_.emplace_back(o.segment, f.metric);
            out.push_back({o.kind, o.metric, o.segment, std::move(o)});
        }
    }

    // Drift: the last 7 days pooled against the 28 days before the 14 indicator days, with the
    // same exact test as a single day, so a creep that never makes one day significant is
    // still caught. The EWMA over the indicator days must agree (the rise is still there at the
    // end) and is the value shown. An EWMA z-score alone was tried first: with a handful of
    // tickets a day its distribution is far from normal and it cried wolf about twenty times
    // per 1,000 segment-days on clean data. A same-day rate flag already covers its key.
    void drift_tests(std::vector<Candidate>& out, std::size_t& tests) {
        struct Found {
            Segment segment;
            std::size_t metric;
            stats::Drift drift;
            stats::DayCount base, recent;
            double p;
        };
        std::vector<Found> found;
        std::size_t run = 0;
        for (const auto& [segment, data] : segments_) {
            if (!wanted(segment)) continue;
            for (std::size_t m = 0; m < kRates; ++m) {
                const auto& counts = data.counts[m];
                const stats::DayCount base = pooled(counts, 0, indicators_from_);
                const stats::DayCount recent = pooled(counts, w_.days - kDriftDays, w_.days);
                if (base.n < o_.min_baseline_volume || recent.n < o_.min_drift_volume) continue;
                ++run;
                const std::vector<stats::DayCount> days(counts.begin() + indicators_from_,
                                                        counts.end());
                const stats::Drift drift = stats::ewma_drift(days, base.k, base.n, o_.drift_lambda);
                if (rate_of(recent) - rate_of(base) < o_.min_drift_increase ||
                    drift.ewma - drift.baseline < o_.min_drift_increase) {
                    continue;
                }
                found.push_back({segment, m, drift, base, recent,
                                 stats::rate_upper_p(recent.k, recent.n, base.k, base.n)});
            }
        }
        tests += run;
        const double alpha = stats::per_test_alpha(o_.family_alpha, run);
        for (const Found& f : found) {
            if (f.p >= alpha) continue;
            const auto same_day = std::find(flagged_rates_.begin(), flagged_rates_.end(),
                                            std::pair(f.segment, f.metric));
            if (same_day != flagged_rates_.end()) continue;
            const RateMetric& metric = kRateMetrics[f.metric];
            Outlier o;
            o.kind = OutlierKind::drift;
            o.metric = std::string(metric.name);
            o.segment = f.segment;
            o.value = f.drift.ewma;
            o.baseline = f.drift.baseline;
            o.p_value = f.p;
            o.score = stats::upper_quantile(f.p);
            o.n = f.recent.n;
            event_tickets(o, f.metric, w_.days - kDriftDays, w_.days);
            o.why = std::string(metric.label) + " creeping: " + format_percent(rate_of(f.recent)) +
                    " over the last " + std::to_string(kDriftDays) + " days (" + of(f.recent) +
                    "), " + std::to_string(o_.indicator_days) + "-day EWMA " +
                    format_percent(o.value) + "; usual " + format_percent(o.baseline) + " (" +
                    of(f.base) + " in the " + std::to_string(indicators_from_) +
                    " days before); p=" + format_p(f.p);
            out.push_back({o.kind, o.metric, o.segment, std::move(o)});
        }
    }

    // Volume: the day's tickets in a segment against the same weekday of the four weeks before
    // (only volume has a weekly shape; DESIGN.md "Outlier method"), with the exact conditional
    // test for Poisson counts at the family's Bonferroni threshold. Daily counts vary more than
    // Poisson (a newsletter, a campaign), so a flag also needs the day to be at least
    // min_volume_ratio times the usual and min_volume_excess tickets above it.
    void volume_tests(std::vector<Candidate>& out, std::size_t& tests) {
        constexpr int kWeeks = 4;
        if (today_ < 7 * kWeeks) return;
        struct Found {
            Segment segment;
            std::size_t day, sum;
            double p;
        };
        std::vector<Found> found;
        std::size_t run = 0;
        for (const auto& [segment, data] : segments_) {
            if (!wanted(segment)) continue;
            const std::size_t day = data.volume[static_cast<std::size_t>(today_)];
            if (day < o_.min_day_volume) continue;
            std::size_t sum = 0;
            for (int w = 1; w <= kWeeks; ++w)
                sum += data.volume[static_cast<std::size_t>(today_ - 7 * w)];
            ++run;
            const double usual = static_cast<double>(sum) / kWeeks;
            if (static_cast<double>(day) < o_.min_volume_ratio * usual ||
                static_cast<double>(day) - usual < static_cast<double>(o_.min_volume_excess)) {
                continue;
            }
            found.push_back({segment, day, sum, stats::count_upper_p(day, sum, kWeeks)});
        }
        tests += run;
        const double alpha = stats::per_test_alpha(o_.family_alpha, run);
        static constexpr const char* kWeekdays[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                                    "Thursday", "Friday", "Saturday"};
        const std::string weekday = kWeekdays[std::chrono::weekday{
            std::chrono::sys_days{w_.first} +
            std::chrono::days{today_}}.c_encoding()];
        for (const Found& f : found) {
            if (f.p >= alpha) continue;
            Outlier o;
            o.kind = OutlierKind::rate;
            o.metric = std::string(kVolumeMetric);
            o.segment = f.segment;
            o.value = static_cast<double>(f.day);
            o.baseline = static_cast<double>(f.sum) / kWeeks;
            o.p_value = f.p;
            o.score = stats::upper_quantile(f.p);
            o.n = f.day;
            for (std::size_t i = w_.tickets.size(); i-- > 0;) {
                if (w_.day[i] != today_) continue;
                const auto segments = segments_for(w_.tickets[i]);
                if (std::find(segments.begin(), segments.end(), o.segment) == segments.end())
                    continue;
                ++o.ticket_count;
                if (o.tickets.size() < o_.max_tickets_listed) o.tickets.push_back(w_.tickets[i].id);
            }
            o.why = "volume " + std::to_string(f.day) + " tickets; usual " +
                    format_count(o.baseline) + " on a " + weekday + " (" + std::to_string(f.sum) +
                    " in the " + std::to_string(kWeeks) + " " + weekday +
                    "s before); p=" + format_p(f.p);
            out.push_back({o.kind, o.metric, o.segment, std::move(o)});
        }
    }

    std::vector<Indicator> indicators() {
        std::vector<Indicator> out;
        const Segment segment =
            o_.request_type ? Segment{"request_type", *o_.request_type} : kAllSegment;
        const auto it = segments_.find(segment);
        if (it == segments_.end()) return out;
        using namespace std::chrono;
        for (std::size_t m = 0; m < kRates; ++m) {
            if (!kRateMetrics[m].leading) continue;
            const auto& counts = it->second.counts[m];
            Indicator indicator;
            indicator.metric = std::string(kRateMetrics[m].name);
            bool any = false;
            for (int d = indicators_from_; d < w_.days; ++d) {
                const stats::DayCount c = counts[static_cast<std::size_t>(d)];
                indicator.days.push_back(format_date(year_month_day{sys_days{w_.first} + days{d}}));
                indicator.values.push_back(c.n == 0 ? std::nullopt : std::optional(rate_of(c)));
                any = any || c.n > 0;
            }
            if (!any) continue;  // the source has no such column: the metric is not shown
            const stats::DayCount this_week = pooled(counts, w_.days - 7, w_.days);
            const stats::DayCount last_week = pooled(counts, w_.days - 14, w_.days - 7);
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
        for (std::size_t i = 0; i < w_.tickets.size(); ++i) {
            if (w_.day[i] == today_ &&
                (!o_.request_type || w_.tickets[i].request_type == o_.request_type)) {
                ++n;
            }
        }
        return n;
    }

    std::size_t segments_today() const {
        std::size_t n = 0;
        for (const auto& [segment, data] : segments_) {
            if (data.on_day > 0 && wanted(segment)) ++n;
        }
        return n;
    }

private:
    // segments_of and the ticket's tags among the window's most frequent (tags_).
    std::vector<Segment> segments_for(const TicketRow& t) const {
        std::vector<Segment> segments = segments_of(t);
        for (std::string& tag : ticket_tags(t)) {
            if (std::find(tags_.begin(), tags_.end(), tag) != tags_.end()) {
                segments.push_back({"tag", std::move(tag)});
            }
        }
        return segments;
    }

    // Appends where the day's excess of `metric` in the outlier's segment concentrates.
    void add_concentration(Outlier& o, const RateMetric& metric) const {
        std::vector<const TicketRow*> day;
        for (std::size_t i = 0; i < w_.tickets.size(); ++i) {
            if (w_.day[i] != today_) continue;
            const auto segments = segments_for(w_.tickets[i]);
            if (std::find(segments.begin(), segments.end(), o.segment) != segments.end()) {
                day.push_back(&w_.tickets[i]);
            }
        }
        if (const auto c = concentration(day, o.segment, metric, o.baseline, tags_)) {
            o.why += concentration_text(*c);
        }
    }

    SegmentData& segment_data(const Segment& segment) {
        auto [it, fresh] = segments_.try_emplace(segment);
        if (fresh) {
            for (auto& per_day : it->second.counts)
                per_day.assign(static_cast<std::size_t>(w_.days), {});
            it->second.volume.assign(static_cast<std::size_t>(w_.days), 0);
        }
        return it->second;
    }

    // The tickets behind a rate: those with the event in the segment on days [from, to),
    // newest first.
    void event_tickets(Outlier& o, std::size_t metric, int from, int to) const {
        for (std::size_t i = w_.tickets.size(); i-- > 0;) {
            if (w_.day[i] < from || w_.day[i] >= to) continue;
            const TicketRow& t = w_.tickets[i];
            const auto segments = segments_for(t);
            if (std::find(segments.begin(), segments.end(), o.segment) == segments.end()) continue;
            if (kRateMetrics[metric].event(t) != std::optional<bool>(true)) continue;
            ++o.ticket_count;
            if (o.tickets.size() < o_.max_tickets_listed) o.tickets.push_back(t.id);
        }
    }

    const TicketWindow& w_;
    const DigestOptions& o_;
    const int today_;            // window index of the digest date
    const int baseline_from_;    // first baseline day for tickets and rates
    const int indicators_from_;  // first indicator day; drift's baseline is before it
    std::map<Segment, SegmentData> segments_;
    DurationTests durations_;
    const std::vector<std::string> tags_;  // the tags that are segments
    std::vector<std::pair<Segment, std::size_t>> flagged_rates_;
};

}  // namespace

Digest build_digest(storage::Database& db, const std::string& channel,
                    std::chrono::year_month_day date, const date::time_zone* zone,
                    const DigestOptions& options) {
    using namespace std::chrono;
    if (zone == nullptr) zone = date::locate_zone("UTC");
    const int window_days = options.baseline_days + options.indicator_days;
    const year_month_day first{sys_days{date} - days{window_days - 1}};
    const TicketWindow window = load_window(db, channel, first, window_days, zone);

    Builder builder(window, options);
    builder.bucket();
    std::vector<Candidate> candidates;
    Digest digest;
    digest.channel = channel;
    digest.date = date;
    digest.timezone = std::string(zone->name());
    builder.ticket_tests(candidates, digest.tests);
    builder.rate_tests(candidates, digest.tests);
    builder.drift_tests(candidates, digest.tests);
    builder.volume_tests(candidates, digest.tests);
    digest.indicators = builder.indicators();
    digest.tickets = builder.tickets_today();
    digest.segments = builder.segments_today();

    std::vector<Outlier> flagged;
    for (Candidate& c : candidates) {
        c.outlier.date = date;
        flagged.push_back(std::move(c.outlier));
    }
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
