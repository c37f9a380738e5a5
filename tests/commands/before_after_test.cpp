#include <catch2/catch.hpp>
#include <date/tz.h>

#include "commands/outliers/before_after.hpp"
#include "support/test_database.hpp"
#include "ticket_fixtures.hpp"

namespace rc = ritualbot::commands;
using namespace std::chrono;

namespace {

// `per_day` tickets a day for `days` days from `first`, the first `escalated` of each day
// escalated, resolved after `minutes`.
std::vector<rc::Ticket> tickets(rc::LocalDate first, int days, int per_day, int escalated,
                                int resolve_minutes, const std::string& prefix) {
    std::vector<rc::Ticket> out;
    for (int d = 0; d < days; ++d) {
        for (int i = 0; i < per_day; ++i) {
            rc::Ticket t;
            t.row.id = prefix + std::to_string(d) + "-" + std::to_string(i);
            const auto created = sys_days{(first + date::days{d}).time_since_epoch()} + hours{9} + minutes{i};
            t.row.created_at = duration_cast<milliseconds>(created.time_since_epoch()).count();
            t.row.resolved_at = t.row.created_at + resolve_minutes * 60'000LL;
            t.row.escalated = i < escalated;
            out.push_back(t);
        }
    }
    return out;
}

}  // namespace

TEST_CASE("before/after: a rate that dropped, with an interval that excludes no change") {
    auto db = ritualbot::test::test_database();
    const rc::LocalDate change{date::year{2026} / 10 / 1};
    auto before = tickets(change - date::days{28}, 28, 10, 2, 120, "B");  // 20% escalated
    auto after = tickets(change, 20, 10, 0, 60, "A");                     // none escalated
    before.insert(before.end(), after.begin(), after.end());
    ritualbot::test::store_tickets(db, "C1", before);
    const auto* utc = date::locate_zone("UTC");

    const auto rate = rc::before_after(db, "C1", "escalation_rate", change, change + date::days{20}, utc);
    REQUIRE(rate);
    CHECK(rate->n_before == 280);
    CHECK(rate->n_after == 200);
    CHECK(rate->before == Approx(0.2));
    CHECK(rate->after == Approx(0.0));
    CHECK(rate->high < 0);  // the drop is not noise
    CHECK_THAT(rc::describe(*rate), Catch::Contains("escalation rate 20.0% (n=280) before, 0.0% (n=200) since: -20.0 points"));

    const auto resolution = rc::before_after(db, "C1", "resolution", change, change + date::days{20}, utc);
    REQUIRE(resolution);
    CHECK(rc::describe(*resolution) == "resolution median 2h0m (n=280) before, 1h0m (n=200) since");

    CHECK_FALSE(rc::before_after(db, "C1", "escalation_rate", change, change, utc));  // no "since" yet
    CHECK_FALSE(rc::before_after(db, "C1", "no_such_metric", change, change + date::days{5}, utc));
}
