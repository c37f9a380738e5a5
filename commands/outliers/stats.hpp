#pragma once
// The statistics behind the outlier digest (DESIGN.md "Outlier method"), free of tickets and
// storage so each piece is tested on numbers alone:
// - robust location and scale for modified z-scores (Iglewicz–Hoaglin), with the MAD = 0
//   fallback to the mean absolute deviation and then a floor;
// - an exact one-sided test for a day's count against a baseline rate that is itself estimated
//   (beta-binomial: the binomial test with the baseline's uncertainty folded in), right for the
//   small counts of a small crew;
// - EWMA drift over daily rates with its standard deviation under "no change";
// - the sparkline of a series.
// Pure functions, safe from any thread.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace ritualbot::commands::stats {

double median(std::vector<double> values);  // NaN when empty

struct RobustScale {
    double median = 0;      // NaN for no values, as median()
    double scale = 1;       // z = (x − median) / scale
    bool fallback = false;  // MAD was 0: scale came from the mean absolute deviation or floor
};

// scale = MAD / 0.6745, so (x − median)/scale is Iglewicz and Hoaglin's 0.6745·(x − median)/MAD.
// When MAD is 0 (over half the values equal): 1.2533 × mean absolute deviation from the median;
// when that is 0 too, `floor`. The scale is never below `floor`.
RobustScale robust_scale(const std::vector<double>& values, double floor);

double normal_upper_tail(double z);  // P(Z > z)
// The z with P(Z > z) = p, for 0 < p < 1 (Acklam's rational approximation, |error| < 1.2e-9).
double upper_quantile(double p);

// The Student t quantile with `df` degrees of freedom for the normal quantile z (Cornish–Fisher
// expansion, two terms; within 1% for df ≥ 10 at the tails used here). It widens a threshold
// whose scale was estimated from a sample rather than known.
double t_quantile_from_z(double z, double df);

// The degrees of freedom a MAD-based scale from n values is worth: the MAD has about 37% of the
// standard deviation's efficiency on normal data, so n values estimate it like 0.37·n would.
double mad_degrees_of_freedom(std::size_t n);

// Bonferroni: the per-test p threshold for `tests` tests at family-wise error `alpha`.
double per_test_alpha(double alpha, std::size_t tests);

// P(X ≥ k) where X is the count among n of an event whose rate was seen K times in N before:
// X ~ BetaBinomial(n, K + ½, N − K + ½) (Jeffreys prior on the baseline rate). Exact for small
// counts; wider than the plain binomial when N is small, so a thin baseline does not cry wolf.
double rate_upper_p(std::size_t k, std::size_t n, std::size_t baseline_k, std::size_t baseline_n);
// rate_upper_p(…) when it is below alpha, else nullopt, summing only as far as needed to tell
// (a digest runs hundreds of tests, nearly all far from significant).
std::optional<double> rate_upper_p_below(std::size_t k, std::size_t n, std::size_t baseline_k,
                                         std::size_t baseline_n, double alpha);

// A day's count against the same weekday's counts in earlier weeks, all Poisson with one rate
// under "no change": given the total, the day's share is Binomial(k + S, 1/(1 + days)), so
// P(X ≥ k) is exact however small the counts (the conditional test for a ratio of Poisson
// rates). S is the sum over the `baseline_days` earlier days.
double count_upper_p(std::size_t k, std::size_t baseline_sum, std::size_t baseline_days);
// count_upper_p(…) when it is below alpha, else nullopt, summing only as far as needed.
std::optional<double> count_upper_p_below(std::size_t k, std::size_t baseline_sum,
                                          std::size_t baseline_days, double alpha);

struct DayCount {
    std::size_t k = 0;
    std::size_t n = 0;  // 0: no data that day (the EWMA carries over)
};

struct Drift {
    double ewma = 0;      // the smoothed rate on the last day
    double baseline = 0;  // K/N
    double sd = 0;        // of ewma − baseline if nothing changed
    double z = 0;         // (ewma − baseline) / sd
};

// EWMA with weight `lambda`, started at the baseline rate, over `days` oldest first. Its
// variance adds the days' binomial variances (weighted) and the baseline's own.
Drift ewma_drift(const std::vector<DayCount>& days, std::size_t baseline_k, std::size_t baseline_n,
                 double lambda);

// One of ▁▂▃▄▅▆▇█ per value, scaled from the series' minimum to its maximum; a day without a
// value is a space. A flat series is all ▁.
std::string sparkline(const std::vector<std::optional<double>>& values);

}  // namespace ritualbot::commands::stats
