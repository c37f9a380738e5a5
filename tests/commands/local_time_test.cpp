#include "commands/schedule/local_time.hpp"
#include "commands/schedule/fire_times.hpp"

#include <catch2/catch.hpp>

namespace rc = ritualbot::commands;
using namespace std::chrono_literals;
using std::chrono::sys_seconds;

namespace {

const date::time_zone* zone(const char* name) {
    return *rc::find_zone(name);
}

rc::LocalDate day(int y, unsigned m, unsigned d) {
    return rc::LocalDate{date::year{y} / date::month{m} / date::day{d}};
}

sys_seconds utc(int y, unsigned m, unsigned d, int hh, int mm = 0) {
    return sys_seconds{date::sys_days{date::year{y} / date::month{m} / date::day{d}} +
                       std::chrono::hours{hh} + std::chrono::minutes{mm}};
}

std::string iso(sys_seconds t) {
    return date::format("%FT%RZ", t);
}

rc::FireRule working_days_at(const char* name, std::chrono::minutes time,
                             rc::WorkingDays days = rc::WorkingDays{}) {
    return {zone(name), time, [days](rc::LocalDate d) { return days.contains(d); }};
}

}  // namespace

TEST_CASE("find_zone refuses an unknown zone with an example", "[schedule]") {
    const auto mars = rc::find_zone("Mars/Base");
    REQUIRE_FALSE(mars);
    CHECK(mars.error() ==
          "\"Mars/Base\" is not a time zone; use an IANA name such as Europe/Berlin or "
          "America/New_York");
    CHECK_FALSE(rc::find_zone(""));
    CHECK_THAT(rc::find_zone("<b>").error(), Catch::Contains("&lt;b&gt;"));
    REQUIRE(rc::find_zone("Europe/Berlin"));
    CHECK((*rc::find_zone("UTC"))->name() == "UTC");
}

TEST_CASE("Europe/Berlin spring forward: 02:30 does not exist and fires at 03:00", "[schedule]") {
    const auto* berlin = zone("Europe/Berlin");
    CHECK(iso(rc::to_utc(berlin, day(2026, 3, 28), 9h)) == "2026-03-28T08:00Z");
    CHECK(iso(rc::to_utc(berlin, day(2026, 3, 29), 9h)) == "2026-03-29T07:00Z");
    // 02:30 falls in the gap: the first instant after it is 03:00 CEST = 01:00 UTC.
    CHECK(iso(rc::to_utc(berlin, day(2026, 3, 29), 2h + 30min)) == "2026-03-29T01:00Z");
    CHECK(rc::local_date_of(berlin, utc(2026, 3, 29, 1)) == day(2026, 3, 29));

    const rc::FireRule daily = working_days_at("Europe/Berlin", 2h + 30min, rc::WorkingDays{0x7F});
    const auto next = rc::next_fire_after(daily, utc(2026, 3, 28, 1, 30));
    REQUIRE(next);
    CHECK(next->date == day(2026, 3, 29));
    CHECK(iso(next->at) == "2026-03-29T01:00Z");
    const auto latest = rc::latest_fire_at_or_before(daily, utc(2026, 3, 29, 0, 59));
    REQUIRE(latest);
    CHECK(latest->date == day(2026, 3, 28));
}

TEST_CASE("Europe/Berlin fall back: 02:30 happens twice and fires at the first", "[schedule]") {
    const auto* berlin = zone("Europe/Berlin");
    CHECK(iso(rc::to_utc(berlin, day(2026, 10, 25), 2h + 30min)) == "2026-10-25T00:30Z");
    CHECK(iso(rc::to_utc(berlin, day(2026, 10, 26), 9h)) == "2026-10-26T08:00Z");

    const rc::FireRule daily = working_days_at("Europe/Berlin", 2h + 30min, rc::WorkingDays{0x7F});
    // At the second 02:30 the run due is still the one of 25 Oct: the same key, not a new run.
    const auto latest = rc::latest_fire_at_or_before(daily, utc(2026, 10, 25, 1, 30));
    REQUIRE(latest);
    CHECK(latest->date == day(2026, 10, 25));
    CHECK(iso(latest->at) == "2026-10-25T00:30Z");
    CHECK(iso(rc::next_fire_after(daily, utc(2026, 10, 25, 0, 30))->at) == "2026-10-26T01:30Z");
}

TEST_CASE("America/New_York spring forward and fall back", "[schedule]") {
    const auto* new_york = zone("America/New_York");
    CHECK(iso(rc::to_utc(new_york, day(2026, 3, 7), 9h)) == "2026-03-07T14:00Z");
    CHECK(iso(rc::to_utc(new_york, day(2026, 3, 9), 9h)) == "2026-03-09T13:00Z");
    CHECK(iso(rc::to_utc(new_york, day(2026, 3, 8), 2h + 30min)) == "2026-03-08T07:00Z");
    // 01:30 on 1 Nov happens at 05:30 UTC (EDT) and again at 06:30 UTC (EST).
    CHECK(iso(rc::to_utc(new_york, day(2026, 11, 1), 1h + 30min)) == "2026-11-01T05:30Z");
    CHECK(iso(rc::to_utc(new_york, day(2026, 11, 2), 9h)) == "2026-11-02T14:00Z");
}

TEST_CASE("a channel at UTC+13 fires the day before in UTC, across week boundaries", "[schedule]") {
    for (const char* name : {"Pacific/Tongatapu", "Pacific/Auckland"}) {
        INFO(name);
        const rc::FireRule rule = working_days_at(name, 9h);
        // Monday 30 Nov 09:00 local is Sunday 29 Nov 20:00 UTC.
        CHECK(iso(rc::to_utc(zone(name), day(2026, 11, 30), 9h)) == "2026-11-29T20:00Z");
        const auto monday = rc::latest_fire_at_or_before(rule, utc(2026, 11, 29, 21));
        REQUIRE(monday);
        CHECK(monday->date == day(2026, 11, 30));
        // An hour before that it is Monday 08:00 local: the latest run is Friday's.
        const auto friday = rc::latest_fire_at_or_before(rule, utc(2026, 11, 29, 19));
        REQUIRE(friday);
        CHECK(friday->date == day(2026, 11, 27));
        CHECK(iso(friday->at) == "2026-11-26T20:00Z");
        CHECK(rc::next_fire_after(rule, utc(2026, 11, 29, 19))->date == day(2026, 11, 30));
    }
}

TEST_CASE("working days skip the weekend, including over a week boundary", "[schedule]") {
    const rc::FireRule rule = working_days_at("Europe/Berlin", 9h);
    // Friday 27 Nov 10:00 local: next is Monday 30 Nov 09:00 CET.
    const auto next = rc::next_fire_after(rule, utc(2026, 11, 27, 9));
    REQUIRE(next);
    CHECK(next->date == day(2026, 11, 30));
    CHECK(iso(next->at) == "2026-11-30T08:00Z");
    CHECK(rc::latest_fire_at_or_before(rule, utc(2026, 11, 29, 12))->date == day(2026, 11, 27));
    // Exactly at the fire time counts as due.
    CHECK(rc::latest_fire_at_or_before(rule, utc(2026, 11, 30, 8))->date == day(2026, 11, 30));
    const rc::FireRule never{zone("UTC"), 9h, [](rc::LocalDate) { return false; }};
    CHECK_FALSE(rc::next_fire_after(never, utc(2026, 11, 27, 9)));
}

TEST_CASE("time of day and working days parse and print", "[schedule]") {
    CHECK(rc::parse_time_of_day("09:00").value() == 9h);
    CHECK(rc::parse_time_of_day("9:05").value() == 9h + 5min);
    CHECK(rc::parse_time_of_day("23:59").value() == 23h + 59min);
    for (const char* bad : {"24:00", "9", "09:5", "ab:cd", ":30", "09:60", "-1:00"}) {
        INFO(bad);
        CHECK_FALSE(rc::parse_time_of_day(bad));
    }
    CHECK(rc::format_time_of_day(9h + 5min) == "09:05");

    CHECK(rc::WorkingDays{}.to_string() == "Mon–Fri");
    CHECK(rc::WorkingDays::parse("mon-fri")->mask() == rc::WorkingDays::kMondayToFriday);
    CHECK(rc::WorkingDays::parse("weekdays")->mask() == rc::WorkingDays::kMondayToFriday);
    CHECK(rc::WorkingDays::parse("Sun-Thu")->to_string() == "Sun–Thu");
    CHECK(rc::WorkingDays::parse("mon,wed,fri")->to_string() == "Mon, Wed, Fri");
    CHECK(rc::WorkingDays::parse("all")->to_string() == "every day");
    CHECK(rc::WorkingDays::parse("tuesday")->to_string() == "Tue");
    CHECK_FALSE(rc::WorkingDays::parse("funday"));
    CHECK_FALSE(rc::WorkingDays::parse(""));
    CHECK(rc::format_day(day(2026, 11, 27)) == "Fri 27 Nov");
    CHECK(rc::format_date(day(2026, 1, 5)) == "2026-01-05");
    CHECK(rc::parse_iso_date("2026-02-30") == std::nullopt);
}
