#include "commands/outliers/duration_tests.hpp"

#include <algorithm>
#include <cmath>

#include "commands/outliers/comparable.hpp"
#include "commands/outliers/format.hpp"
#include "commands/outliers/stats.hpp"

namespace ritualbot::commands {
namespace {

using storage::TicketRow;
constexpr std::size_t kDurations = std::tuple_size_v<decltype(kDurationMetrics)>;
// Log-seconds spread below which durations count as identical: 10% either way. Without it a
// baseline of identical auto-replies would make any other value infinitely unusual.
constexpr double kLogScaleFloor = 0.1;

}  // namespace

void DurationTests::add_baseline(const TicketRow& t) {
    for (std::size_t m = 0; m < kDurations; ++m) {
        const auto s = kDurationMetrics[m].seconds(t);
        if (!s) continue;
        std::vector<Segment> groups = comparison_groups(kDurationMetrics[m], t);
        if (groups.front().dimension == kTypeAndPath) {
            pair_parent_.try_emplace({m, groups.front()}, groups[1]);
        }
        for (Segment& group : groups) {
            logs_[{m, std::move(group)}].push_back(std::log(std::max(*s, 1.0)));
        }
    }
}

// Each ticket of the day is scored once per duration, in the most specific comparison group
// with at least min_duration_baseline tickets (comparable.hpp): scoring it in every group
// would multiply the tests without adding anything a person needs to see.
//
// Multiple testing: a day of T tickets with both durations known runs about 2T tests (60 on
// a 30-ticket day). Bonferroni gives each test family_alpha / 2T (0.002 / 60 = 3.3e-5, a
// one-sided normal z of 3.99), so on clean data the expected false flags from this family
// are at most 0.002 per digest; the rate, drift and volume families are held to the same,
// 0.008 per digest in all, one in about 125 clean days against the one in ten the captain
// tolerates (the clean-data test measures it: no flag in 240 generated digests).
// The median and scale come from the group's baseline, not from the population, so the z
// threshold is widened to a Student t quantile with the MAD's effective degrees of freedom
// (0.37 n): a scale from 40 values needs z > 5.4, one from 400 z > 4.1. A type × path pair
// borrows its scale from all pairs of its path (group_scale), so splitting tickets by path
// narrows the comparison without raising the false-alarm rate or the bar.
std::vector<Outlier> DurationTests::run(const std::vector<TicketRow>& tickets,
                                        const std::vector<std::size_t>& on_day,
                                        std::size_t& tests) const {
    std::vector<Outlier> out;
    struct Scored {
        double z;
        double seconds;
        std::size_t ticket;
    };
    std::map<Group, std::vector<Scored>> high;
    std::map<Group, GroupScale> scales;
    std::size_t run = 0;
    for (const std::size_t i : on_day) {
        const TicketRow& t = tickets[i];
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
    const double z_bonferroni = stats::upper_quantile(stats::per_test_alpha(o_.family_alpha, run));
    for (auto& [key, scored] : high) {
        const auto& [m, segment] = key;
        const GroupScale& scale = scales.at(key);
        const double threshold = std::max(
            o_.ticket_z_floor,
            stats::t_quantile_from_z(z_bonferroni, stats::mad_degrees_of_freedom(scale.scale_n)));
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
        o.n = logs_.at(key).size();
        o.ticket_count = scored.size();
        for (const Scored& s : scored) {
            if (o.tickets.size() < o_.max_tickets_listed) o.tickets.push_back(tickets[s.ticket].id);
        }
        std::string lead = std::string(metric.label) + " ";
        if (scored.size() > 1) {
            lead = std::to_string(scored.size()) + " tickets; slowest " + lead;
        }
        o.why = lead + format_duration(o.value) + "; usual " + format_duration(o.baseline) +
                " for " + group_name(segment) + " (median of " + std::to_string(o.n) +
                "); z=" + format_score(o.score);
        out.push_back(std::move(o));
    }
    return out;
}

// A type × path pair takes its median from its own tickets but its scale from the residuals
// of every pair under the same leading group (each about its own pair's median): the spread
// of log durations is much the same across a path's request types, and a scale from 30
// tickets is so uncertain that its t widening (df = 0.37 n) would hide a chat answered 40
// times slower than usual. Other groups use their own scale.
DurationTests::GroupScale DurationTests::group_scale(const Group& key) const {
    const auto& logs = logs_.at(key);
    GroupScale out{stats::median(logs), 1, logs.size()};
    const auto parent = pair_parent_.find(key);
    if (parent == pair_parent_.end()) {
        out.scale = stats::robust_scale(logs, kLogScaleFloor).scale;
        return out;
    }
    std::vector<double> residuals;
    for (const auto& [pair, leading] : pair_parent_) {
        if (pair.first != key.first || leading != parent->second) continue;
        const auto& pair_logs = logs_.at(pair);
        if (pair_logs.size() < o_.min_duration_baseline) continue;
        const double pair_median = stats::median(pair_logs);
        for (const double x : pair_logs) residuals.push_back(x - pair_median);
    }
    out.scale = stats::robust_scale(residuals, kLogScaleFloor).scale;
    out.scale_n = residuals.size();
    return out;
}

// The most specific group of the ticket's with enough baseline tickets for metric m.
std::optional<DurationTests::Group> DurationTests::comparison_group(std::size_t m,
                                                                    const TicketRow& t) const {
    for (Segment& group : comparison_groups(kDurationMetrics[m], t)) {
        const auto it = logs_.find({m, group});
        if (it != logs_.end() && it->second.size() >= o_.min_duration_baseline) {
            return it->first;
        }
    }
    return std::nullopt;
}

}  // namespace ritualbot::commands
