#include "commands/outliers/stats.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <utility>

namespace ritualbot::commands::stats {

double median(std::vector<double> values) {
    if (values.empty()) return std::numeric_limits<double>::quiet_NaN();
    const std::size_t mid = values.size() / 2;
    std::nth_element(values.begin(), values.begin() + mid, values.end());
    const double upper = values[mid];
    if (values.size() % 2 == 1) return upper;
    const double lower = *std::max_element(values.begin(), values.begin() + mid);
    return (lower + upper) / 2;
}

RobustScale robust_scale(const std::vector<double>& values, double floor) {
    RobustScale out;
    if (values.empty()) {
        out.median = median(values);
        out.scale = floor;
        out.fallback = true;
        return out;
    }
    out.median = median(values);
    std::vector<double> deviations;
    deviations.reserve(values.size());
    double sum = 0;
    for (const double v : values) {
        deviations.push_back(std::abs(v - out.median));
        sum += deviations.back();
    }
    const double mad = median(std::move(deviations));
    if (mad > 0) {
        out.scale = mad / 0.6745;
    } else {
        // Over half the values sit on the median (common with small integer data); the mean
        // absolute deviation still sees the rest. 1.2533 = sqrt(pi/2) makes it estimate sigma.
        out.fallback = true;
        out.scale = 1.253314 * sum / static_cast<double>(values.size());
    }
    out.scale = std::max(out.scale, floor);
    return out;
}

double normal_upper_tail(double z) {
    return 0.5 * std::erfc(z / std::sqrt(2.0));
}

double upper_quantile(double p) {
    // Acklam's algorithm for the lower quantile of p' = 1 − p, computed as −quantile(p) so tiny
    // p keep their precision.
    static constexpr std::array<double, 6> a = {-3.969683028665376e+01, 2.209460984245205e+02,
                                                -2.759285104469687e+02, 1.383577518672690e+02,
                                                -3.066479806614716e+01, 2.506628277459239e+00};
    static constexpr std::array<double, 5> b = {-5.447609879822406e+01, 1.615858368580409e+02,
                                                -1.556989798598866e+02, 6.680131188771972e+01,
                                                -1.328068155288572e+01};
    static constexpr std::array<double, 6> c = {-7.784894002430293e-03, -3.223964580411365e-01,
                                                -2.400758277161838e+00, -2.549732539343734e+00,
                                                4.374664141464968e+00,  2.938163982698783e+00};
    static constexpr std::array<double, 4> d = {7.784695709041462e-03, 3.224671290700398e-01,
                                                2.445134137142996e+00, 3.754408661907416e+00};
    p = std::clamp(p, 1e-300, 1 - 1e-16);
    constexpr double kLow = 0.02425;
    double lower_quantile;  // of p: the x with P(Z < x) = p
    if (p < kLow) {
        const double q = std::sqrt(-2 * std::log(p));
        lower_quantile = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
                         ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    } else if (p <= 1 - kLow) {
        const double q = p - 0.5;
        const double r = q * q;
        lower_quantile = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
                         (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    } else {
        const double q = std::sqrt(-2 * std::log(1 - p));
        lower_quantile = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
                         ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    }
    return -lower_quantile;
}

double t_quantile_from_z(double z, double df) {
    if (df <= 0) return z;
    const double z3 = z * z * z;
    const double z5 = z3 * z * z;
    return z + (z3 + z) / (4 * df) + (5 * z5 + 16 * z3 + 3 * z) / (96 * df * df);
}

double mad_degrees_of_freedom(std::size_t n) {
    return 0.37 * static_cast<double>(n);
}

double per_test_alpha(double alpha, std::size_t tests) {
    return alpha / static_cast<double>(std::max<std::size_t>(tests, 1));
}

namespace {

// std::lgamma(z) for z a positive multiple of ½, the only arguments the exact tests below take
// (counts, and counts + ½ from the Jeffreys prior), looked up in a table filled by std::lgamma
// of the same doubles, so every p-value is the same to the bit as with a call per term; the
// calls were a tenth of a digest (bench/README.md, issue 14, third pass). One table per thread,
// grown on demand to the largest count seen (so one LogGammaOfHalves at a time per thread).
class LogGammaOfHalves {
public:
    // Good for arguments up to `max`.
    explicit LogGammaOfHalves(double max) : table_(table(static_cast<std::size_t>(2 * max))) {}
    double operator()(double z) const { return table_[static_cast<std::size_t>(2 * z)]; }

private:
    static const std::vector<double>& table(std::size_t last) {
        thread_local std::vector<double> values;
        if (last >= values.size()) {
            const std::size_t size = std::max(last + 1, 2 * values.size());
            values.reserve(size);
            for (std::size_t i = values.size(); i < size; ++i)
                values.push_back(std::lgamma(static_cast<double>(i) / 2));
        }
        return values;
    }

    const std::vector<double>& table_;
};

// The tail sums below add the terms from x = k up and stop once the sum reaches `stop`: a test
// that is far from significant (nearly all of them) then costs a few terms instead of n. The
// terms are positive and added in the same order either way, so a sum stopped early is below
// `stop` exactly when the whole one is, and one never stopped is the whole one.
double rate_tail(std::size_t k, std::size_t n, std::size_t baseline_k, std::size_t baseline_n,
                 double stop) {
    if (k == 0) return 1.0;
    if (k > n) return 0.0;
    const double a = static_cast<double>(baseline_k) + 0.5;
    const double b = static_cast<double>(baseline_n - std::min(baseline_k, baseline_n)) + 0.5;
    const double nn = static_cast<double>(n);
    const LogGammaOfHalves log_gamma(nn + a + b);
    // log pmf(x) = log C(n,x) + log B(x+a, n−x+b) − log B(a,b), summed from x = k up.
    const auto log_beta = [&](double x, double y) {
        return log_gamma(x) + log_gamma(y) - log_gamma(x + y);
    };
    const double log_norm = log_beta(a, b);
    double total = 0;
    for (std::size_t x = k; x <= n && total < stop; ++x) {
        const double xx = static_cast<double>(x);
        const double log_choose = log_gamma(nn + 1) - log_gamma(xx + 1) - log_gamma(nn - xx + 1);
        total += std::exp(log_choose + log_beta(xx + a, nn - xx + b) - log_norm);
    }
    return std::min(total, 1.0);
}

double count_tail(std::size_t k, std::size_t baseline_sum, std::size_t baseline_days, double stop) {
    if (k == 0) return 1.0;
    const double n = static_cast<double>(k + baseline_sum);
    const double p = 1.0 / (1.0 + static_cast<double>(baseline_days));
    const double log_p = std::log(p);
    const double log_q = std::log1p(-p);
    const LogGammaOfHalves log_gamma(n + 1);
    double total = 0;
    for (std::size_t x = k; x <= k + baseline_sum && total < stop; ++x) {
        const double xx = static_cast<double>(x);
        total += std::exp(log_gamma(n + 1) - log_gamma(xx + 1) - log_gamma(n - xx + 1) +
                          xx * log_p + (n - xx) * log_q);
    }
    return std::min(total, 1.0);
}

std::optional<double> below(double p, double alpha) {
    if (p < alpha) return p;
    return std::nullopt;
}

}  // namespace

double rate_upper_p(std::size_t k, std::size_t n, std::size_t baseline_k, std::size_t baseline_n) {
    return rate_tail(k, n, baseline_k, baseline_n, std::numeric_limits<double>::infinity());
}

std::optional<double> rate_upper_p_below(std::size_t k, std::size_t n, std::size_t baseline_k,
                                         std::size_t baseline_n, double alpha) {
    return below(rate_tail(k, n, baseline_k, baseline_n, alpha), alpha);
}

double count_upper_p(std::size_t k, std::size_t baseline_sum, std::size_t baseline_days) {
    return count_tail(k, baseline_sum, baseline_days, std::numeric_limits<double>::infinity());
}

std::optional<double> count_upper_p_below(std::size_t k, std::size_t baseline_sum,
                                          std::size_t baseline_days, double alpha) {
    return below(count_tail(k, baseline_sum, baseline_days, alpha), alpha);
}

Drift ewma_drift(const std::vector<DayCount>& days, std::size_t baseline_k, std::size_t baseline_n,
                 double lambda) {
    Drift out;
    if (baseline_n == 0) return out;
    out.baseline = static_cast<double>(baseline_k) / static_cast<double>(baseline_n);
    // For the variance, a baseline of 0 events would claim zero noise; the Jeffreys estimate
    // keeps a rare event's variance honest.
    const double p0 =
        (static_cast<double>(baseline_k) + 0.5) / (static_cast<double>(baseline_n) + 1);
    double ewma = out.baseline;
    double weight_sum = 0;  // total weight on the observed days
    double variance = 0;    // sum of weight² · p0(1 − p0)/n over the days
    for (const DayCount& day : days) {
        if (day.n == 0) continue;
        const double rate = static_cast<double>(day.k) / static_cast<double>(day.n);
        ewma = lambda * rate + (1 - lambda) * ewma;
        // Earlier weights shrink by (1 − lambda) with each new day.
        variance = variance * (1 - lambda) * (1 - lambda) +
                   lambda * lambda * p0 * (1 - p0) / static_cast<double>(day.n);
        weight_sum = weight_sum * (1 - lambda) + lambda;
    }
    // ewma − baseline = Σ wᵢ(pᵢ − p̂0): the baseline's own error enters with the total weight.
    variance += weight_sum * weight_sum * p0 * (1 - p0) / static_cast<double>(baseline_n);
    out.ewma = ewma;
    out.sd = std::sqrt(variance);
    out.z = out.sd > 0 ? (ewma - out.baseline) / out.sd : 0;
    return out;
}

std::string sparkline(const std::vector<std::optional<double>>& values) {
    static constexpr std::array<const char*, 8> kBars = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
    double lo = std::numeric_limits<double>::infinity();
    double hi = -lo;
    for (const auto& v : values) {
        if (!v) continue;
        lo = std::min(lo, *v);
        hi = std::max(hi, *v);
    }
    std::string out;
    for (const auto& v : values) {
        if (!v) {
            out += ' ';
            continue;
        }
        const double span = hi - lo;
        const int level = span > 0 ? static_cast<int>(std::lround((*v - lo) / span * 7)) : 0;
        out += kBars[static_cast<std::size_t>(std::clamp(level, 0, 7))];
    }
    return out;
}

}  // namespace ritualbot::commands::stats
