#include <catch2/catch.hpp>

#include "commands/outliers/causes.hpp"
#include "commands/outliers/open_investigations.hpp"
#include "commands/outliers/outliers_command.hpp"
#include "storage/investigations.hpp"
#include "support/investigation_row.hpp"
#include "support/slash_command.hpp"

namespace rc = ritualbot::commands;
using namespace ritualbot::storage;

using ritualbot::test::investigation;

TEST_CASE("cause_key: case and blanks do not make a new cause", "[outliers]") {
    CHECK(rc::cause_key("  VPN \t Outage\n") == "vpn outage");
    CHECK(rc::cause_key("vpn outage") == rc::cause_key("VPN  OUTAGE "));
    CHECK(rc::cause_key("Ärger mit SSO") == "Ärger mit sso");  // non-ASCII bytes kept
    CHECK(rc::cause_key("   ").empty());
}

// Moved from the storage tests when grouping moved to cause_key.
TEST_CASE("causes are counted case-insensitively, most frequent first", "[outliers]") {
    Database db = Database::open_in_memory();
    Investigations investigations(db);
    investigations.open(investigation("o-1", "VPN outage", 10));
    investigations.open(investigation("o-2", "New billing form", 20));
    investigations.open(investigation("o-3", "vpn outage ", 30));
    investigations.open(investigation("o-4", "VPN Outage", 40));
    const auto causes = rc::count_causes(investigations.causes_since("C1", 0));
    REQUIRE(causes.size() == 2);
    CHECK(causes[0].cause == "VPN Outage");  // the latest spelling
    CHECK(causes[0].count == 3);
    CHECK(causes[0].last_at == 40);
    CHECK(causes[1].cause == "New billing form");
    CHECK(rc::count_causes(investigations.causes_since("C2", 0)).empty());
}

TEST_CASE("/outliers causes week|month|all counts the causes recorded in that period",
          "[outliers]") {
    using namespace std::chrono;
    Database db = Database::open_in_memory();
    const sys_days today{year{2026} / November / 30};
    rc::ManualClock clock{today};
    rc::Context context{&db, clock};
    rc::CommandTable table;
    table.add(rc::make_outliers_command());
    const auto ms = [](sys_days d) {
        return duration_cast<milliseconds>(d.time_since_epoch()).count();
    };
    Investigations investigations(db);
    investigations.open(investigation("o-1", "VPN outage", ms(today - days{2})));
    investigations.open(investigation("o-2", "vpn  OUTAGE", ms(today - days{20})));
    investigations.open(investigation("o-3", "Billing form", ms(today - days{60})));
    const auto run = [&](const std::string& text) {
        return table
            .dispatch(ritualbot::test::slash_command("/outliers", text, "U1", "C1"), context)
            .text;
    };
    CHECK(run("causes week") ==
          "*Root causes* in the last 7 days, most frequent first\n1. VPN outage — 1 time\n");
    CHECK(run("causes month") ==
          "*Root causes* in the last 30 days, most frequent first\n1. VPN outage — 2 times\n");
    CHECK(run("causes") ==
          "*Root causes*, most frequent first\n1. VPN outage — 2 times\n"
          "2. Billing form — 1 time\n");
    CHECK(run("causes all") == run("causes"));
    CHECK_THAT(run("causes year"), Catch::Contains("Usage: `/outliers causes [week|month|all]`"));
}

TEST_CASE("the change-over checklist lists open investigations with owner and age", "[outliers]") {
    Database db = Database::open_in_memory();
    constexpr std::int64_t kDay = 24 * 3600 * 1000;
    Investigations investigations(db);
    investigations.open(investigation("o-2026-11-10-1", "VPN outage", 0));
    Investigation fresh = investigation("o-2026-11-19-2", "", 8 * kDay);
    fresh.metric = "first_response";
    fresh.dimension = "all";
    investigations.assign(fresh);
    investigations.open(investigation("o-2026-11-01-3", "closed", 0));
    investigations.close("C1", "o-2026-11-01-3", "", 1);
    CHECK(rc::open_investigation_checklist(db, "C1", 9 * kDay) ==
          "• Follow up `o-2026-11-10-1` (reopen rate · billing), owner <@U2>, open 9 days — "
          "*overdue*\n"
          "• Follow up `o-2026-11-19-2` (first response), owner <@U2>, open 1 day, no cause yet\n");
    CHECK(rc::open_investigation_checklist(db, "C2", 9 * kDay).empty());
}
