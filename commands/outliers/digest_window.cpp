#include "commands/outliers/digest_window.hpp"

#include <algorithm>

namespace ritualbot::commands {
namespace {

// Tags as a segment dimension: the most frequent few in a date's 42 days, each on enough
// tickets to be tested, so a crew with hundreds of tags does not multiply the tests.
constexpr std::size_t kMaxTagSegments = 5;
constexpr std::size_t kMinTagTickets = 30;

}  // namespace

DigestWindow::DigestWindow(const TicketWindow& window, int first, const DigestOptions& options)
    : w_(window), first_(first), segments_(window), durations_(window, segments_, options) {
    const int date_days = options.baseline_days + options.indicator_days;
    std::vector<bool> tested(segments_.size(), false);
    for (int today = first; today < window.days; ++today) {
        const auto [begin, end] = tickets_of_days(today + 1 - date_days, today + 1);
        tags_.push_back(segments_.top_tags(begin, end, kMaxTagSegments, kMinTagTickets));
        for (const int tag : tags_.back()) tested[static_cast<std::size_t>(tag)] = true;
    }
    counts_.resize(segments_.size());
    const auto days = static_cast<std::size_t>(window.days);
    for (std::size_t s = 0; s < segments_.size(); ++s) {
        if (segments_.is_tag(static_cast<int>(s)) && !tested[s]) continue;
        for (auto& per_day : counts_[s].rates) per_day.assign(days, {});
        counts_[s].volume.assign(days, 0);
    }
    // Each ticket counts in the crew, its request type, its path and its tested tags.
    std::vector<int> of;
    for (std::size_t i = 0; i < window.tickets.size(); ++i) {
        of.assign({WindowSegments::kAll});
        if (segments_.type_of(i) >= 0) of.push_back(segments_.type_of(i));
        if (segments_.path_of(i) >= 0) of.push_back(segments_.path_of(i));
        for (const int tag : segments_.tags_of(i)) {
            if (tested[static_cast<std::size_t>(tag)]) of.push_back(tag);
        }
        const auto day = static_cast<std::size_t>(window.day[i]);
        std::array<std::optional<bool>, kRateCount> events;
        for (std::size_t m = 0; m < kRateCount; ++m)
            events[m] = kRateMetrics[m].event(window.tickets[i]);
        for (const int s : of) {
            SegmentCounts& c = counts_[static_cast<std::size_t>(s)];
            ++c.volume[day];
            for (std::size_t m = 0; m < kRateCount; ++m) {
                if (!events[m]) continue;
                ++c.rates[m][day].n;
                c.rates[m][day].k += *events[m] ? 1 : 0;
            }
        }
    }
}

const SegmentCounts* DigestWindow::counts(int segment) const {
    const SegmentCounts& c = counts_[static_cast<std::size_t>(segment)];
    return c.volume.empty() ? nullptr : &c;
}

std::span<const int> DigestWindow::tags(int today) const {
    return tags_[static_cast<std::size_t>(today - first_)];
}

std::pair<std::size_t, std::size_t> DigestWindow::tickets_of_days(int from, int to) const {
    const auto begin =
        std::partition_point(w_.day.begin(), w_.day.end(), [&](int day) { return day < from; });
    const auto end = std::partition_point(begin, w_.day.end(), [&](int day) { return day < to; });
    return {static_cast<std::size_t>(begin - w_.day.begin()),
            static_cast<std::size_t>(end - w_.day.begin())};
}

}  // namespace ritualbot::commands
