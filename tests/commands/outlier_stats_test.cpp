#include <catch2/catch.hpp>

#include <cmath>

#include "commands/outliers/format.hpp"
#include "commands/outliers/stats.hpp"

namespace st = ritualbot::commands::stats;
namespace rc = ritualbot::commands;

TEST_CASE("median and robust scale follow Iglewicz–Hoaglin", "[stats]") {
    CHECK(st::median({3, 1, 2}) == 2);
    CHECK(st::median({4, 1, 3, 2}) == 2.5);
    CHECK(std::isnan(st::median({})));

    // MAD of {1,2,3,4,100} around median 3 is 1: modified z of 100 is 0.6745·97/1.
    const auto scale = st::robust_scale({1, 2, 3, 4, 100}, 0.01);
    CHECK(scale.median == 3);
    CHECK_FALSE(scale.fallback);
    CHECK((100 - scale.median) / scale.scale == Approx(0.6745 * 97));
}

TEST_CASE("MAD = 0 falls back to the mean absolute deviation, then the floor", "[stats]") {
    const auto mean_ad = st::robust_scale({5, 5, 5, 5, 5, 7, 9}, 0.01);
    CHECK(mean_ad.fallback);
    CHECK(mean_ad.median == 5);
    CHECK(mean_ad.scale == Approx(1.253314 * (2.0 + 4.0) / 7));

    const auto floored = st::robust_scale({5, 5, 5}, 0.25);
    CHECK(floored.fallback);
    CHECK(floored.scale == 0.25);
}

TEST_CASE("normal tail and quantile agree", "[stats]") {
    CHECK(st::normal_upper_tail(0) == Approx(0.5));
    CHECK(st::normal_upper_tail(1.959964) == Approx(0.025).epsilon(1e-4));
    for (const double p : {0.4, 0.05, 1e-3, 1e-6, 1e-12}) {
        INFO(p);
        CHECK(st::normal_upper_tail(st::upper_quantile(p)) == Approx(p).epsilon(1e-6));
    }
    CHECK(st::per_test_alpha(0.002, 40) == Approx(5e-5));
    // t(10) upper 2.5% is 2.228; the expansion widens toward it, and vanishes for large df.
    CHECK(st::t_quantile_from_z(1.959964, 10) == Approx(2.228).epsilon(0.005));
    CHECK(st::t_quantile_from_z(1.959964, 1e9) == Approx(1.959964));
    CHECK(st::per_test_alpha(0.002, 0) == 0.002);
}

TEST_CASE("the rate test is exact for small counts and honours the baseline's size", "[stats]") {
    CHECK(st::rate_upper_p(0, 10, 5, 100) == 1.0);
    // A sum of probabilities: P(X ≥ 0..n) decreases and P(X ≥ n) is the last term.
    double previous = 1.0;
    for (std::size_t k = 1; k <= 10; ++k) {
        const double p = st::rate_upper_p(k, 10, 5, 100);
        CHECK(p <= previous);
        previous = p;
    }
    // With a large baseline it approaches the binomial: P(X ≥ 2 | n=10, p=0.05) = 0.0861.
    CHECK(st::rate_upper_p(2, 10, 5000, 100000) == Approx(0.0861).epsilon(0.01));
    // A thin baseline widens the tail: same rate, fewer observations, larger p.
    CHECK(st::rate_upper_p(4, 10, 2, 40) > st::rate_upper_p(4, 10, 500, 10000));
    // Six of eight reopened against 5%: far below any sensible threshold.
    CHECK(st::rate_upper_p(6, 8, 40, 800) < 1e-5);
}

TEST_CASE("EWMA drift sees a sustained creep, not a steady rate", "[stats]") {
    std::vector<st::DayCount> steady(14, {2, 40});  // 5%
    const auto flat = st::ewma_drift(steady, 56, 1120, 0.2);
    CHECK(flat.baseline == Approx(0.05));
    CHECK(flat.ewma == Approx(0.05));
    CHECK(std::abs(flat.z) < 0.01);

    std::vector<st::DayCount> creep;
    for (int d = 0; d < 14; ++d) creep.push_back({static_cast<std::size_t>(2 + d / 2), 40});
    const auto rising = st::ewma_drift(creep, 56, 1120, 0.2);
    CHECK(rising.ewma > 0.12);
    CHECK(rising.z > 4);
    // Days without tickets carry the average over.
    std::vector<st::DayCount> gaps(14, {0, 0});
    CHECK(st::ewma_drift(gaps, 56, 1120, 0.2).ewma == Approx(0.05));
}

TEST_CASE("sparklines scale from min to max and leave gaps blank", "[stats]") {
    CHECK(st::sparkline({0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0}) == "▁▂▃▄▅▆▇█");
    CHECK(st::sparkline({1.0, std::nullopt, 1.0}) == "▁ ▁");
    CHECK(st::sparkline({}).empty());
}

TEST_CASE("numbers are written for people", "[stats]") {
    CHECK(rc::format_duration(35) == "35s");
    CHECK(rc::format_duration(22 * 60) == "22m");
    CHECK(rc::format_duration(4 * 3600 + 10 * 60) == "4h10m");
    CHECK(rc::format_duration(2 * 86400 + 3 * 3600) == "2d3h");
    CHECK(rc::format_percent(0.048) == "4.8%");
    CHECK(rc::format_percent(0.25) == "25%");
    CHECK(rc::format_points(0.012) == "+1.2 pts");
    CHECK(rc::format_p(2.1e-6) == "2.1e-06");
}

TEST_CASE("count_upper_p: a day's count against the same weekday's", "[stats]") {
    // 4 earlier Mondays with 10 each, 10 today: the day's share of 50 is Binomial(50, 1/5).
    CHECK(st::count_upper_p(10, 40, 4) == Approx(0.5563).epsilon(0.001));
    CHECK(st::count_upper_p(30, 40, 4) < 1e-4);  // three times the usual Monday
    CHECK(st::count_upper_p(0, 40, 4) == 1.0);
    CHECK(st::count_upper_p(3, 0, 4) == Approx(std::pow(0.2, 3)));  // nothing before
}

namespace {

// The tails as they were summed before the lgamma table: a std::lgamma call per term.
double rate_p_by_lgamma(std::size_t k, std::size_t n, std::size_t bk, std::size_t bn) {
    if (k == 0) return 1.0;
    if (k > n) return 0.0;
    const double a = static_cast<double>(bk) + 0.5;
    const double b = static_cast<double>(bn - std::min(bk, bn)) + 0.5;
    const double nn = static_cast<double>(n);
    const auto log_beta = [](double x, double y) {
        return std::lgamma(x) + std::lgamma(y) - std::lgamma(x + y);
    };
    double total = 0;
    for (std::size_t x = k; x <= n; ++x) {
        const double xx = static_cast<double>(x);
        const double log_choose =
            std::lgamma(nn + 1) - std::lgamma(xx + 1) - std::lgamma(nn - xx + 1);
        total += std::exp(log_choose + log_beta(xx + a, nn - xx + b) - log_beta(a, b));
    }
    return std::min(total, 1.0);
}

double count_p_by_lgamma(std::size_t k, std::size_t sum, std::size_t days) {
    if (k == 0) return 1.0;
    const double n = static_cast<double>(k + sum);
    const double p = 1.0 / (1.0 + static_cast<double>(days));
    double total = 0;
    for (std::size_t x = k; x <= k + sum; ++x) {
        const double xx = static_cast<double>(x);
        total += std::exp(std::lgamma(n + 1) - std::lgamma(xx + 1) - std::lgamma(n - xx + 1) +
                          xx * std::log(p) + (n - xx) * std::log1p(-p));
    }
    return std::min(total, 1.0);
}

}  // namespace

TEST_CASE("the exact tests' p-values are the per-term lgamma sums to the bit", "[stats]") {
    // Small counts first, then large ones, so the lgamma table grows while the test runs.
    for (const std::size_t n : {1, 5, 30, 120, 700}) {
        for (const std::size_t k : {std::size_t{0}, std::size_t{1}, n / 3, n / 2, n}) {
            for (const std::size_t bn : {30, 400, 2800}) {
                for (const std::size_t bk : {std::size_t{0}, bn / 10, bn / 2}) {
                    INFO("k " << k << " n " << n << " baseline " << bk << " of " << bn);
                    CHECK(st::rate_upper_p(k, n, bk, bn) == rate_p_by_lgamma(k, n, bk, bn));
                }
            }
            CHECK(st::count_upper_p(k, 4 * n, 4) == count_p_by_lgamma(k, 4 * n, 4));
        }
    }
}

TEST_CASE("a test stopped at its threshold decides as the whole sum does", "[stats]") {
    for (const double alpha : {1e-6, 1e-3, 0.05}) {
        for (const std::size_t k : {2, 6, 10, 14, 20, 40}) {
            INFO("k " << k << " alpha " << alpha);
            const double rate_p = st::rate_upper_p(k, 40, 60, 1000);
            const auto rate_below = st::rate_upper_p_below(k, 40, 60, 1000, alpha);
            CHECK(rate_below.has_value() == (rate_p < alpha));
            if (rate_below) CHECK(*rate_below == rate_p);
            const double count_p = st::count_upper_p(k, 24, 4);
            const auto count_below = st::count_upper_p_below(k, 24, 4, alpha);
            CHECK(count_below.has_value() == (count_p < alpha));
            if (count_below) CHECK(*count_below == count_p);
        }
    }
}
