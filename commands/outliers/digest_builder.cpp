// build_digest: buckets the window's tickets by segment and local day, runs the three families
// of tests (ticket durations, daily rates, drift), applies the cooldown, then gives each flag a
// stable id. See digest.hpp and DESIGN.md "Outlier method" for the method; comments here say
// why the details are as they are.

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

#include <date/tz.h>

#include "commands/outliers/comparable.hpp"
#include "commands/outliers/concentration.hpp"
#include "commands/outliers/digest.hpp"
#include "commands/outliers/digest_records.hpp"
#include "commands/outliers/format.hpp"
#include "commands/outliers/stats.hpp"

namespace ritualbot::commands {
namespace {

using storage::TicketRow;
constexpr std::size_t kDurations = std::tuple_size_v<decltype(kDurationMetrics)>;
constexpr std::size_t kRates = std::tuple_size_v<decltype(kRateMetrics)>;
// Log-seconds spread below which durations count as identical: 10% either way. Without it a
// baseline of identical auto-replies would make any other value infinitely unusual.
constexpr double kLogScaleFloor = 0.1;
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

// A duration metric's comparison group (see comparable.hpp): its index in kDurationMetrics and
// the group.
using DurationGroup = std::pair<std::size_t, Segment>;

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
          tags_(top_tags(window.tickets, kMaxTagSegments, kMinTagTickets)) {}

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
            if (day < baseline_from_ || day >= today_) continue;
            for (std::size_t m = 0; m < kDurations; ++m) {
                const auto s = kDurationMetrics[m].seconds(t);
                if (!s) continue;
                std::vector<Segment> groups = comparison_groups(kDurationMetrics[m], t);
                if (groups.front().dimension == kTypeAndPath) {
                    pair_parent_.try_emplace({m, groups.front()}, groups[1]);
                }
                for (Segment& group : groups) {
                    duration_logs_[{m, std::move(group)}].push_back(std::log(std::max(*s, 1.0)));
                }
            }
        }
    }

    bool wanted(const Segment& segment) const {
        if (!o_.request_type) return true;
        return segment.dimension == "request_type" && segment.value == *o_.request_type;
    }

    // Each ticket of the day is scored once per duration, in the most specific comparison group
    // with at least min_duration_baseline tickets (comparable.hpp): scoring it in every group
    // would multiply the tests without adding anything a person needs to see.
    //
    // Multiple testing: a day of T tickets with both durations known runs about 2T tests (60 on
    // a 30-ticket day). Bonferroni gives each test family_alpha / 2T (0.002 / 60 = 3.3e-5, a
    // one-sided normal z of 3.99), so on clean data the expected false flags from this family
    // are at most 0.002 per digest; the rate and drift families are held to the same, 0.006 per
    // digest in all, one in about 170 clean days against the one in ten the captain tolerates.
    // The median and scale come from the group's baseline, not from the population, so the z
    // threshold is widened to a Student t quantile with the MAD's effective degrees of freedom
    // (0.37 n): a scale from 40 values needs z > 5.4, one from 400 z > 4.1. A type × path pair
    // borrows its scale from all pairs of its path (group_scale), so splitting tickets by path
    // narrows the comparison without raising the false-alarm rate or the bar.
    void ticket_tests(std::vector<Candidate>& out, std::size_t& tests) {
        struct Scored {
            double z;
            double seconds;
            std::size_t ticket;
        };
        std::map<DurationGroup, std::vector<Scored>> high;
        std::map<DurationGroup, GroupScale> scales;
        std::size_t run = 0;
        for (std::size_t i = 0; i < w_.tickets.size(); ++i) {
            if (w_.day[i] != today_) continue;
            const TicketRow& t = w_.tickets[i];
            if (o_.request_type && t.request_type != o_.request_type) continue;
            for (std::size_t m = 0; m < kDurations; ++m) {
                const auto seconds = kDurationMetrics[m].seconds(t);
                if (!seconds) continue;
                const auto group = comparison_group(m, t);
                if (!group) continue;
                auto [it, fresh] = scales.try_emplace(*group);
                if (fresh) it->second = group_scale(*group);
                const double z =
                    (std::log(std::max(*seconds, 1.0)) - it->second.median) / it->second.scale;
                ++run;
                // Only slow tickets: a fast answer is not a problem to investigate.
                if (z > o_.ticket_z_floor) high[*group].push_back({z, *seconds, i});
            }
        }
        tests += run;
        const double z_bonferroni =
            stats::upper_quantile(stats::per_test_alpha(o_.family_alpha, run));
        for (auto& [key, scored] : high) {
            const auto& [m, segment] = key;
            const GroupScale& scale = scales.at(key);
            const double threshold = std::max(
                o_.ticket_z_floor, stats::t_quantile_from_z(
                                       z_bonferroni, stats::mad_degrees_of_freedom(scale.scale_n)));
            std::erase_if(scored, [&](const Scored& s) { return s.z <= threshold; });
            if (scored.empty()) continue;
            std::sort(scored.begin(), scored.end(),
                      [](const Scored& a, const Scored& b) { return a.z > b.z; });
            const DurationMetric& metric = kDurationMetrics[m];
            Outlier o;
            o.kind = OutlierKind::ticket;
            o.metric = std::string(metric.name);
            o.segment = segment;
            o.value = scored.front().seconds;
            o.baseline = std::exp(scale.median);
            o.score = scored.front().z;
            o.n = duration_logs_.at(key).size();
            o.ticket_count = scored.size();
            for (const Scored& s : scored) {
                if (o.tickets.size() < o_.max_tickets_listed)
                    o.tickets.push_back(w_.tickets[s.ticket].id);
            }
            std::string lead = std::string(metric.label) + " ";
            if (scored.size() > 1) {
                lead = std::to_string(scored.size()) + " tickets; slowest " + lead;
            }
            o.why = lead + format_duration(o.value) + "; usual " + format_duration(o.baseline) +
                    " for " + group_name(segment) + " (median of " + std::to_string(o.n) +
                    "); z=" + format_score(o.score);
            out.push_back({o.kind, o.metric, o.segment, std::move(o)});
        }
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

    struct GroupScale {
        double median = 0;        // of the group's log seconds
        double scale = 1;         // of log seconds about it
        std::size_t scale_n = 0;  // values the scale was estimated from
    };

    // A type × path pair takes its median from its own tickets but its scale from the residuals
    // of every pair under the same leading group (each about its own pair's median): the spread
    // of log durations is much the same across a path's request types, and a scale from 30
    // tickets is so uncertain that its t widening (df = 0.37 n) would hide a chat answered 40
    // times slower than usual. Other groups use their own scale.
    GroupScale group_scale(const DurationGroup& key) const {
        const auto& logs = duration_logs_.at(key);
        GroupScale out{stats::median(logs), 1, logs.size()};
        const auto parent = pair_parent_.find(key);
        if (parent == pair_parent_.end()) {
            out.scale = stats::robust_scale(logs, kLogScaleFloor).scale;
            return out;
        }
        std::vector<double> residuals;
        for (const auto& [pair, leading] : pair_parent_) {
            if (pair.first != key.first || leading != parent->second) continue;
            const auto& pair_logs = duration_logs_.at(pair);
            if (pair_logs.size() < o_.min_duration_baseline) continue;
            const double pair_median = stats::median(pair_logs);
            for (const double x : pair_logs) residuals.push_back(x - pair_median);
        }
        out.scale = stats::robust_scale(residuals, kLogScaleFloor).scale;
        out.scale_n = residuals.size();
        return out;
    }

    // The most specific group of the ticket's with enough baseline tickets for metric m.
    std::optional<DurationGroup> comparison_group(std::size_t m, const TicketRow& t) const {
        for (Segment& group : comparison_groups(kDurationMetrics[m], t)) {
            const auto it = duration_logs_.find({m, group});
            if (it != duration_logs_.end() && it->second.size() >= o_.min_duration_baseline) {
                return it->first;
            }
        }
        return std::nullopt;
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
    std::map<DurationGroup, std::vector<double>> duration_logs_;  // baseline days, log seconds
    std::map<DurationGroup, Segment> pair_parent_;  // a type × path pair's leading group
    const std::vector<std::string> tags_;           // the tags that are segments
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
    digest.from = date;
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
