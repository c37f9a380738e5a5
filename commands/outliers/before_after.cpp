#include "commands/outliers/before_after.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "commands/outliers/metrics.hpp"
#include "commands/outliers/stats.hpp"

namespace ritualbot::commands {
namespace {

constexpr int kWindowDays = 28;
constexpr double kZ95 = 1.959964;

struct Interval {
    double low, high;
};

Interval wilson(double k, double n) {
    const double p = k / n;
    const double z2 = kZ95 * kZ95;
    const double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
    const double half = kZ95 * std::sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n);
    return {centre - half, centre + half};
}

std::chrono::year_month_day to_ymd(LocalDate date) {
    return std::chrono::year_month_day{std::chrono::sys_days{date.time_since_epoch()}};
}

std::string format_duration(double seconds) {
    const long minutes = std::lround(seconds / 60);
    if (minutes < 60) return std::to_string(minutes) + "m";
    return std::to_string(minutes / 60) + "h" + std::to_string(minutes % 60) + "m";
}

}  // namespace

std::optional<BeforeAfter> before_after(storage::Database& db, const std::string& channel,
                                        const std::string& metric, LocalDate change_date,
                                        LocalDate today, const date::time_zone* zone) {
    const RateMetric* rate = find_rate_metric(metric);
    const DurationMetric* duration = find_duration_metric(metric);
    if (!rate && !duration) return std::nullopt;
    const int after_days = std::clamp(static_cast<int>((today - change_date).count()), 0, kWindowDays);
    if (after_days == 0) return std::nullopt;

    const TicketWindow window = load_window(db, channel, to_ymd(change_date - date::days{kWindowDays}),
                                            kWindowDays + after_days, zone);
    BeforeAfter result;
    result.is_rate = rate != nullptr;
    result.label = std::string(rate ? rate->label : duration->label);
    double k[2] = {0, 0};
    std::vector<double> seconds[2];
    for (std::size_t i = 0; i < window.tickets.size(); ++i) {
        const int side = window.day[i] < kWindowDays ? 0 : 1;
        if (rate) {
            const auto event = rate->event(window.tickets[i]);
            if (!event) continue;
            (side == 0 ? result.n_before : result.n_after) += 1;
            k[side] += *event ? 1 : 0;
        } else if (const auto s = duration->seconds(window.tickets[i])) {
            seconds[side].push_back(*s);
        }
    }
    if (duration) {
        result.n_before = seconds[0].size();
        result.n_after = seconds[1].size();
    }
    if (result.n_before == 0 || result.n_after == 0) return std::nullopt;
    if (duration) {
        result.before = stats::median(seconds[0]);
        result.after = stats::median(seconds[1]);
        return result;
    }
    const double n1 = static_cast<double>(result.n_before);
    const double n2 = static_cast<double>(result.n_after);
    result.before = k[0] / n1;
    result.after = k[1] / n2;
    const Interval w1 = wilson(k[0], n1);
    const Interval w2 = wilson(k[1], n2);
    const double diff = result.after - result.before;
    result.low = diff - std::sqrt(std::pow(result.after - w2.low, 2) + std::pow(w1.high - result.before, 2));
    result.high = diff + std::sqrt(std::pow(w2.high - result.after, 2) + std::pow(result.before - w1.low, 2));
    return result;
}

std::string describe(const BeforeAfter& r) {
    char buffer[256];
    if (!r.is_rate) {
        std::snprintf(buffer, sizeof buffer, "%s median %s (n=%zu) before, %s (n=%zu) since",
                      r.label.c_str(), format_duration(r.before).c_str(), r.n_before,
                      format_duration(r.after).c_str(), r.n_after);
        return buffer;
    }
    std::snprintf(buffer, sizeof buffer,
                  "%s %.1f%% (n=%zu) before, %.1f%% (n=%zu) since: %+.1f points (95%% CI %+.1f to "
                  "%+.1f)",
                  r.label.c_str(), 100 * r.before, r.n_before, 100 * r.after, r.n_after,
                  100 * (r.after - r.before), 100 * r.low, 100 * r.high);
    return buffer;
}

}  // namespace ritualbot::commands
