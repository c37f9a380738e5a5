#include "commands/outliers/signals.hpp"

#include <algorithm>

#include "commands/outliers/stats.hpp"

namespace ritualbot::commands {
namespace {

using storage::TicketRow;

char lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool same_ignoring_case(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (lower(a[i]) != lower(b[i])) return false;
    }
    return true;
}

std::string_view trim(std::string_view text) {
    const std::size_t first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos) return {};
    return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

// Whether the ';'-separated `tags` hold `tag`.
bool has_tag(const std::optional<std::string>& tags, std::string_view tag) {
    if (!tags) return false;
    std::string_view rest = *tags;
    while (true) {
        const std::size_t end = rest.find(';');
        if (same_ignoring_case(trim(rest.substr(0, end)), tag)) return true;
        if (end == std::string_view::npos) return false;
        rest.remove_prefix(end + 1);
    }
}

void map_tag(std::optional<bool>& flag, const TicketRow& t, const std::optional<std::string>& tag) {
    if (!flag && tag) flag = has_tag(t.tags, *tag);
}

}  // namespace

void apply_signal_mappings(std::vector<TicketRow>& tickets,
                           const storage::OutlierSettings& settings) {
    const auto& path = settings.selfservice_path;
    if (!path && !settings.repeat_info_tag && !settings.policy_exception_tag) return;
    for (TicketRow& t : tickets) {
        if (!t.deflected && path && t.contact_channel) {
            t.deflected = same_ignoring_case(*t.contact_channel, *path);
        }
        map_tag(t.repeat_info, t, settings.repeat_info_tag);
        map_tag(t.policy_exception, t, settings.policy_exception_tag);
    }
}

std::vector<Signal> window_signals(const TicketWindow& window, int from, int to,
                                   const std::optional<std::string>& request_type) {
    // The covered days' tickets are a run of the window, which is in time order; whether a
    // signal has data is told by the first ticket with it, not by reading all of them.
    const auto first = std::partition_point(window.day.begin(), window.day.end(),
                                            [&](int day) { return day < from; });
    const auto last =
        std::partition_point(first, window.day.end(), [&](int day) { return day < to; });
    const auto begin = static_cast<std::size_t>(first - window.day.begin());
    const auto end = static_cast<std::size_t>(last - window.day.begin());
    const auto wanted = [&](const TicketRow& t) {
        return !request_type || t.request_type == request_type;
    };
    std::vector<Signal> out;
    for (const std::string_view name : kSignalMetrics) {
        const DurationMetric* duration = find_duration_metric(name);
        const RateMetric* rate = find_rate_metric(name);
        const auto has_data = [&](const TicketRow& t) {
            return wanted(t) && (duration != nullptr ? duration->seconds(t).has_value()
                                                     : rate->event(t).has_value());
        };
        if (std::none_of(window.tickets.begin(), window.tickets.end(), has_data)) continue;
        Signal signal{std::string(name), std::nullopt, 0, 0};
        std::vector<double> seconds;
        for (std::size_t i = begin; i < end; ++i) {
            const TicketRow& t = window.tickets[i];
            if (!wanted(t)) continue;
            if (duration != nullptr) {
                if (const auto s = duration->seconds(t)) seconds.push_back(*s);
            } else if (const auto event = rate->event(t)) {
                ++signal.n;
                signal.k += *event ? 1 : 0;
            }
        }
        if (duration != nullptr) {
            signal.n = seconds.size();
            if (!seconds.empty()) signal.value = stats::median(seconds);
        } else if (signal.n > 0) {
            signal.value = static_cast<double>(signal.k) / static_cast<double>(signal.n);
        }
        out.push_back(std::move(signal));
    }
    return out;
}

}  // namespace ritualbot::commands
