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
