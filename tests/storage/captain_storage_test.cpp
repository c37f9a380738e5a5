#include <catch2/catch.hpp>

#include "storage/admins.hpp"
#include "storage/audit_log.hpp"
#include "storage/captain_overrides.hpp"
#include "storage/captain_roster.hpp"
#include "storage/channel_settings.hpp"
#include "storage/database.hpp"
#include "storage/scheduled_runs.hpp"
#include "support/stores.hpp"

using namespace ritualbot::storage;
using ritualbot::test::PostgresStore;
using ritualbot::test::SqliteStore;

TEMPLATE_TEST_CASE("channel settings read as defaults until set, then as stored", "[store]",
                   SqliteStore, PostgresStore) {
    TestType database;
    Database db = database.open();
    ChannelSettingsStore store(db);
    const ChannelSettings defaults = store.get("C1");
    CHECK_FALSE(store.exists("C1"));
    CHECK(defaults.channel == "C1");
    CHECK(defaults.time_zone == "UTC");
    CHECK(defaults.working_days == ChannelSettings::kMondayToFriday);
    CHECK(defaults.captain_period == CaptainPeriod::daily);
    CHECK(defaults.changeover_minute == 540);
    CHECK(defaults.usergroup.empty());

    store.set_time_zone("C1", "Europe/Berlin", 1);
    store.set_working_days("C1", 0b1000111, 2);
    store.set_captain_period("C1", CaptainPeriod::weekly, 3);
    store.set_changeover_minute("C1", 8 * 60 + 30, 4);
    store.set_usergroup("C1", "S1", 5);
    const ChannelSettings set = store.get("C1");
    CHECK(set.time_zone == "Europe/Berlin");
    CHECK(set.working_days == 0b1000111);
    CHECK(set.captain_period == CaptainPeriod::weekly);
    CHECK(set.changeover_minute == 510);
    CHECK(set.usergroup == "S1");
    store.set_usergroup("C1", "", 6);
    CHECK(store.get("C1").usergroup.empty());
    CHECK(store.get("C2").time_zone == "UTC");
    // The schema refuses values commands/ should never write.
    CHECK_THROWS(store.set_changeover_minute("C1", 1440, 7));
    CHECK_THROWS(store.set_working_days("C1", 0, 7));
    CHECK(parse_captain_period("weekly") == CaptainPeriod::weekly);
    CHECK_FALSE(parse_captain_period("hourly"));
}

TEMPLATE_TEST_CASE("channel admins are per channel and kept in the order added", "[store]",
                   SqliteStore, PostgresStore) {
    TestType store;
    Database db = store.open();
    ChannelAdmins admins(db);
    CHECK(admins.add("C1", "U2", "U2", 10));
    CHECK(admins.add("C1", "U1", "U2", 20));
    CHECK_FALSE(admins.add("C1", "U1", "U2", 30));
    CHECK(admins.list("C1") == std::vector<std::string>{"U2", "U1"});
    CHECK(admins.list("C2").empty());
    CHECK(admins.is_admin("C1", "U1"));
    CHECK_FALSE(admins.is_admin("C2", "U1"));
    CHECK(admins.remove("C1", "U2"));
    CHECK_FALSE(admins.remove("C1", "U2"));
    CHECK(admins.list("C1") == std::vector<std::string>{"U1"});
}

TEMPLATE_TEST_CASE("the audit log is rolled back with the change it describes", "[store]",
                   SqliteStore, PostgresStore) {
    TestType store;
    Database db = store.open();
    AuditLog log(db);
    {
        Transaction tx(db);
        log.record({0, "C1", "U1", "captain.roster.add", "U2", 100});
        tx.commit();
    }
    {
        Transaction tx(db);
        log.record({0, "C1", "U1", "captain.roster.add", "U3", 200});
    }  // not committed
    log.record({0, "C2", "U9", "admins.add", "U9", 300});
    const auto entries = log.recent("C1", 10);
    REQUIRE(entries.size() == 1);
    CHECK(entries[0].actor == "U1");
    CHECK(entries[0].action == "captain.roster.add");
    CHECK(entries[0].detail == "U2");
    CHECK(entries[0].at == 100);
}

TEMPLATE_TEST_CASE("a scheduled run is recorded once per ritual, channel and local date", "[store]",
                   SqliteStore, PostgresStore) {
    TestType store;
    Database db = store.open();
    ScheduledRuns runs(db);
    CHECK(runs.record({"captain.changeover", "C1", "2026-11-30", RunState::fired, 1000, 1001}));
    CHECK_FALSE(runs.record({"captain.changeover", "C1", "2026-11-30", RunState::skipped, 1, 2}));
    CHECK(runs.record({"captain.changeover", "C2", "2026-11-30", RunState::skipped, 1000, 9000}));
    CHECK(runs.record({"digest", "C1", "2026-11-30", RunState::fired, 1000, 1001}));
    const auto run = runs.find("captain.changeover", "C1", "2026-11-30");
    REQUIRE(run);
    CHECK(run->state == RunState::fired);
    CHECK(run->fire_at == 1000);
    CHECK(runs.find("captain.changeover", "C2", "2026-11-30")->state == RunState::skipped);
    CHECK_FALSE(runs.find("captain.changeover", "C1", "2026-12-01"));
}

TEMPLATE_TEST_CASE("the captain roster, ledger, handoff, overrides and holidays", "[store]",
                   SqliteStore, PostgresStore) {
    TestType store;
    Database db = store.open();
    CaptainRoster roster(db);
    CHECK_FALSE(roster.start("C1"));
    roster.set_start("C1", {100, "2026-11-27"});
    roster.set_start("C1", {999, "2030-01-01"});  // the first start stands
    CHECK(roster.start("C1")->epoch_date == "2026-11-27");
    CHECK(roster.channels() == std::vector<std::string>{"C1"});

    CHECK(roster.add("C1", "U1", 0, 100));
    CHECK(roster.add("C1", "U2", 0, 100));
    CHECK_FALSE(roster.add("C1", "U1", 5, 200));
    CHECK(roster.remove("C1", "U1"));
    CHECK(roster.add("C1", "U1", 3, 300));  // re-added at the end, with its new credit
    const auto members = roster.members("C1");
    REQUIRE(members.size() == 2);
    CHECK(members[0].user == "U2");
    CHECK(members[1].user == "U1");
    CHECK(members[1].credit == 3);
    CHECK(members[1].position > members[0].position);

    CHECK(roster.record_shift("C1", {"2026-11-27", "U2", 100, 2}));
    CHECK_FALSE(roster.record_shift("C1", {"2026-11-27", "U1", 100, 1}));
    CHECK(roster.record_shift("C1", {"2026-11-30", "U1", 200, 3}));
    CHECK(roster.shifts("C1").size() == 2);
    CHECK(roster.shifts("C1")[0].user == "U2");
    CHECK(roster.delete_shift("C1", "2026-11-30"));
    CHECK(roster.shifts("C1").size() == 1);

    CHECK_FALSE(roster.handoff("C1"));
    roster.set_handoff("C1", {"all quiet", "U2", 150});
    CHECK(roster.handoff("C1")->text == "all quiet");
    roster.clear_handoff("C1");
    CHECK_FALSE(roster.handoff("C1"));

    CaptainOverrides overrides(db);
    const auto id = overrides.add(
        "C1", {0, OverrideKind::away, "U1", "2026-12-01", "2026-12-03", "", "", "U1", 100});
    overrides.add("C1", {0, OverrideKind::pin, "U2", "2026-11-30", "2026-11-30", "U1",
                         "swap with U1", "U1", 100});
    const auto list = overrides.list("C1");
    REQUIRE(list.size() == 2);
    CHECK(list[0].kind == OverrideKind::pin);
    CHECK(list[0].partner == "U1");
    CHECK(list[1].to_date == "2026-12-03");
    CHECK(overrides.remove(id));
    CHECK(overrides.list("C1").size() == 1);

    CHECK(overrides.add_holiday("C1", {"2026-12-25", "Christmas"}));
    CHECK_FALSE(overrides.add_holiday("C1", {"2026-12-25", ""}));
    CHECK(overrides.holidays("C1")[0].name == "Christmas");
    CHECK(overrides.remove_holiday("C1", "2026-12-25"));
    CHECK(overrides.holidays("C1").empty());
}
