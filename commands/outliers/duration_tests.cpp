#include "commands/outliers/duration_tests.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

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

std::vector<double> values(const std::vector<double>& logs, std::size_t begin, std::size_t end) {
    return {logs.begin() + static_cast<std::ptrdiff_t>(begin),
            logs.begin() + static_cast<std::ptrdiff_t>(end)};
}

// The segment id of a ticket's group of `kind` (not a type × path pair).
std::size_t segment_of_kind(GroupKind kind, int type, int path) {
    if (kind == GroupKind::request_type) return static_cast<std::size_t>(type);
    if (kind == GroupKind::path) return static_cast<std::size_t>(path);
    return WindowSegments::kAll;
}

// The segment a comparison group of `kind` stands for, for a ticket of `type` and `path`.
Segment group_segment(GroupKind kind, int type, int path, const WindowSegments& segments) {
    switch (kind) {
        case GroupKind::type_and_path:
            return {std::string(kTypeAndPath),
                    segments.segment(type).value + "+" + segments.segment(path).value};
        case GroupKind::request_type:
            return segments.segment(type);
        case GroupKind::path:
            return segments.segment(path);
        case GroupKind::all:
            break;
    }
    return kAllSegment;
}

}  // namespace

DurationTests::DurationTests(const TicketWindow& window, const WindowSegments& segments,
                             const DigestOptions& options)
    : w_(window),
      o_(options),
      groups_(kDurations),
      logs_(kDurations),
      ticket_groups_(kDurations) {
    // Per duration, the group of each segment and of each type × path pair; -1 until seen.
    std::vector<std::vector<int>> of_segment(kDurations, std::vector<int>(segments.size(), -1));
    std::vector<std::vector<int>> of_pair(kDurations, std::vector<int>(segments.pair_count(), -1));
    // Per duration, the kinds of group for a ticket with or without a type (×2) and a path.
    std::array<std::array<GroupKinds, 4>, kDurations> kinds_of{};
    for (std::size_t m = 0; m < kDurations; ++m) {
        logs_[m].assign(window.tickets.size(), std::numeric_limits<double>::quiet_NaN());
        ticket_groups_[m].assign(window.tickets.size(), TicketGroups{-1, -1, -1});
        for (std::size_t known = 0; known < 4; ++known)
            kinds_of[m][known] = comparison_kinds(kDurationMetrics[m], known >= 2, known % 2 == 1);
    }
    for (std::size_t i = 0; i < window.tickets.size(); ++i) {
        const int type = segments.type_of(i);
        const int path = segments.path_of(i);
        for (std::size_t m = 0; m < kDurations; ++m) {
            const auto s = kDurationMetrics[m].seconds(window.tickets[i]);
            if (!s) continue;
            const double log = std::log(std::max(*s, 1.0));
            logs_[m][i] = log;
            const GroupKinds& kinds = kinds_of[m][(type >= 0 ? 2 : 0) + (path >= 0 ? 1 : 0)];
            TicketGroups& mine = ticket_groups_[m][i];
            for (std::size_t k = 0; k < kinds.size; ++k) {
                const GroupKind kind = kinds.kinds[k];
                int& group = kind == GroupKind::type_and_path
                                 ? of_pair[m][segments.pair_of(type, path)]
                                 : of_segment[m][segment_of_kind(kind, type, path)];
                if (group < 0) {
                    group = static_cast<int>(groups_[m].size());
                    groups_[m].push_back(
                        {group_segment(kind, type, path, segments), -1, {}, {}, {}});
                }
                mine[k] = group;
            }
            if (kinds.kinds[0] == GroupKind::type_and_path) {
                Group& pair = groups_[m][static_cast<std::size_t>(mine[0])];
                if (pair.parent < 0) {
                    pair.parent = mine[1];
                    groups_[m][static_cast<std::size_t>(mine[1])].pairs.push_back(mine[0]);
                }
            }
            for (std::size_t k = 0; k < kinds.size; ++k) {
                Group& group = groups_[m][static_cast<std::size_t>(mine[k])];
                group.days.push_back(window.day[i]);
                group.logs.push_back(log);
            }
        }
    }
}

DurationTests::Slice DurationTests::slice(const Group& group, int from, int to) const {
    const auto begin = std::lower_bound(group.days.begin(), group.days.end(), from);
    const auto end = std::lower_bound(begin, group.days.end(), to);
    return {static_cast<std::size_t>(begin - group.days.begin()),
            static_cast<std::size_t>(end - group.days.begin())};
}

// Each ticket of the day is scored once per duration, in the most specific comparison group
// with at least min_duration_baseline tickets (comparable.hpp): scoring it in every group
// would multiply the tests without adding anything a person needs to see.
//
// Multiple testing: a day of T tickets with two durations known runs about 2T tests (60 on a
// 30-ticket day; 3T where the escalation lag is known too). Bonferroni gives each test
// family_alpha / 2T (0.002 / 60 = 3.3e-5, a one-sided normal z of 3.99; 0.002 / 90 = 2.2e-5,
// z 4.08), so on clean data the expected false flags from this family are at most 0.002 per
// digest; the rate, drift and volume families are held to the same, 0.008 per digest in all,
// one in about 125 clean days against the one in ten the captain tolerates (the clean-data
// test measures it: no flag in 240 generated digests).
// The median and scale come from the group's baseline, not from the population, so the z
// threshold is widened to a Student t quantile with the MAD's effective degrees of freedom
// (0.37 n): a scale from 40 values needs z > 5.4, one from 400 z > 4.1. A type × path pair
// borrows its scale from all pairs of its path (add_scales), so splitting tickets by path
// narrows the comparison without raising the false-alarm rate or the bar.
std::vector<Outlier> DurationTests::run(const std::vector<std::size_t>& on_day, int from, int to,
                                        std::size_t& tests) const {
    std::vector<Outlier> out;
    struct Scored {
        double z;
        double seconds;
        std::size_t ticket;
    };
    // By duration and group segment, so outliers come in the order of their groups.
    std::map<std::pair<std::size_t, Segment>, std::pair<int, std::vector<Scored>>> high;
    std::vector<std::map<int, GroupScale>> scales(kDurations);  // by group
    std::size_t run = 0;
    for (const std::size_t i : on_day) {
        for (std::size_t m = 0; m < kDurations; ++m) {
            const double log = logs_[m][i];
            if (std::isnan(log)) continue;
            const auto group = comparison_group(m, i, from, to);
            if (!group) continue;
            if (!scales[m].contains(*group)) add_scales(m, *group, from, to, scales[m]);
            const GroupScale& scale = scales[m].at(*group);
            const double z = (log - scale.median) / scale.scale;
            ++run;
            // Only slow tickets: a fast answer is not a problem to investigate.
            if (z <= o_.ticket_z_floor) continue;
            const Group& g = groups_[m][static_cast<std::size_t>(*group)];
            auto& entry = high[{m, g.segment}];
            entry.first = *group;
            entry.second.push_back({z, *kDurationMetrics[m].seconds(w_.tickets[i]), i});
        }
    }
    tests += run;
    const double z_bonferroni = stats::upper_quantile(stats::per_test_alpha(o_.family_alpha, run));
    for (auto& [key, entry] : high) {
        const auto& [m, segment] = key;
        auto& [group, scored] = entry;
        const GroupScale& scale = scales[m].at(group);
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
        o.n = slice(groups_[m][static_cast<std::size_t>(group)], from, to).size();
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
        out.push_back(std::move(o));
    }
    return out;
}

// A type × path pair takes its median from its own tickets but its scale from the residuals
// of every pair under the same leading group (each about its own pair's median): the spread
// of log durations is much the same across a path's request types, and a scale from 30
// tickets is so uncertain that its t widening (df = 0.37 n) would hide a chat answered 40
// times slower than usual. Other groups use their own scale.
void DurationTests::add_scales(std::size_t m, int index, int from, int to,
                               std::map<int, GroupScale>& scales) const {
    const Group& group = groups_[m][static_cast<std::size_t>(index)];
    if (group.parent < 0) {
        const Slice own = slice(group, from, to);
        const stats::RobustScale robust =
            stats::robust_scale(values(group.logs, own.begin, own.end), kLogScaleFloor);
        scales[index] = {robust.median, robust.scale, own.size()};
        return;
    }
    // The pairs under the leading group share their scale: all of them are worked out at once.
    std::vector<std::pair<int, double>> medians;
    std::vector<double> residuals;
    for (const int pair : groups_[m][static_cast<std::size_t>(group.parent)].pairs) {
        const Group& other = groups_[m][static_cast<std::size_t>(pair)];
        const Slice s = slice(other, from, to);
        if (s.size() < o_.min_duration_baseline && pair != index) continue;
        const std::vector<double> pair_logs = values(other.logs, s.begin, s.end);
        medians.emplace_back(pair, stats::median(pair_logs));
        if (s.size() < o_.min_duration_baseline) continue;  // scored, but not a scale's sample
        for (const double x : pair_logs) residuals.push_back(x - medians.back().second);
    }
    const double scale = stats::robust_scale(residuals, kLogScaleFloor).scale;
    for (const auto& [pair, median] : medians) scales[pair] = {median, scale, residuals.size()};
}

// The most specific group of the ticket's with enough baseline tickets for metric m.
std::optional<int> DurationTests::comparison_group(std::size_t m, std::size_t ticket, int from,
                                                   int to) const {
    for (const int group : ticket_groups_[m][ticket]) {
        if (group < 0) break;
        if (slice(groups_[m][static_cast<std::size_t>(group)], from, to).size() >=
            o_.min_duration_baseline) {
            return group;
        }
    }
    return std::nullopt;
}

}  // namespace ritualbot::commands
