// The router while another connection holds the write lock of the database file: an event
// never waits for it (kept and applied later, in order), a modal submission refused as busy
// keeps the modal open, and a command that only reads is answered as if the lock were free.

#include "bot/interactions/conversation_handlers.hpp"
#include "bot/slack/event_router.hpp"
#include "commands/clock.hpp"
#include "commands/command_table.hpp"
#include "fixtures.hpp"
#include "storage/captain_roster.hpp"
#include "storage/database.hpp"
#include "storage/last_channels.hpp"
#include "storage/outbox.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

using namespace ritualbot;
using namespace ritualbot::bot::slack;
using ritualbot::testing::load_slack_fixture;

namespace {

struct LockedFileFixture {
    test::TempDir dir;
    storage::Database db = storage::Database::open(dir.file("bot.db"));
    storage::Database other = storage::Database::open(dir.file("bot.db"));  // another process
    commands::CommandTable table = commands::make_command_table();
    commands::ManualClock clock{std::chrono::system_clock::time_point(std::chrono::hours(490'000))};
    EventRouter router{db, table, clock};

    LockedFileFixture() { router.on_event("app_mention", bot::make_mention_handler(table)); }

    Envelope envelope(const nlohmann::json& frame) {
        ParsedFrame parsed = parse_frame(frame.dump());
        REQUIRE(parsed.envelope);
        return *parsed.envelope;
    }

    // "<@bot> help" in C0CREW, as its own event.
    Envelope mention(const std::string& event_id) {
        auto frame = load_slack_fixture("socket_mode_envelopes.json")[0];
        frame["envelope_id"] = "env-" + event_id;
        frame["payload"]["event_id"] = event_id;
        frame["payload"]["event"]["channel"] = "C0CREW";
        frame["payload"]["event"]["text"] = "<@U01JKSB8T7Y> help";
        return envelope(frame);
    }

    // `/command text` in C0CREW, as its own envelope.
    Envelope slash(const std::string& command, const std::string& text) {
        auto frame = load_slack_fixture("socket_mode_envelopes.json")[1];
        frame["envelope_id"] = "env-" + command + text;
        frame["payload"]["channel_id"] = "C0CREW";
        frame["payload"]["command"] = command;
        frame["payload"]["text"] = text;
        return envelope(frame);
    }

    std::vector<std::string> outbox_keys() {
        std::vector<std::string> keys;
        SQLite::Statement query(other.sql(), "SELECT idempotency_key FROM outbox ORDER BY id");
        while (query.executeStep()) keys.push_back(query.getColumn(0).getString());
        return keys;
    }
};

}  // namespace

TEST_CASE_METHOD(
    LockedFileFixture,
    "an event that finds the write lock held is acked at once and applied later in order") {
    other.sql().exec("BEGIN IMMEDIATE");
    const auto started = std::chrono::steady_clock::now();
    CHECK(router.route(mention("EvBusy1")).is_null());
    CHECK(router.route(mention("EvBusy2")).is_null());
    // Without waiting for the lock: SQLite's busy timeout would have slept 5 s per event.
    CHECK(std::chrono::steady_clock::now() - started < storage::Database::kBusyTimeout);
    CHECK(router.busy_events() == 2);
    CHECK(router.retry_busy_events() == 2);  // still locked: both wait, nothing dropped
    other.sql().exec("COMMIT");

    std::size_t rows = 0;
    CHECK(router.retry_busy_events(&rows) == 0);
    CHECK(rows == 2);
    CHECK(outbox_keys() == std::vector<std::string>{"event:EvBusy1:0", "event:EvBusy2:0"});
    router.route(mention("EvBusy1"));  // Slack's late redelivery is not applied twice
    CHECK(outbox_keys().size() == 2);
}

TEST_CASE_METHOD(LockedFileFixture,
                 "an event behind one still waiting waits too - one locked too long is dropped") {
    other.sql().exec("BEGIN IMMEDIATE");
    router.route(mention("EvOld"));
    for (int i = 1; i < EventRouter::kMaxBusyEventAttempts; ++i)
        REQUIRE(router.retry_busy_events() == 1);
    other.sql().exec("COMMIT");
    router.route(mention("EvNew"));  // the lock is free, but EvOld came first
    CHECK(outbox_keys().empty());
    CHECK(router.retry_busy_events() == 0);
    CHECK(outbox_keys() == std::vector<std::string>{"event:EvOld:0", "event:EvNew:0"});

    other.sql().exec("BEGIN IMMEDIATE");
    router.route(mention("EvLost"));
    for (int i = 1; i < EventRouter::kMaxBusyEventAttempts; ++i) router.retry_busy_events();
    CHECK(router.retry_busy_events() == 0);  // its last attempt: dropped, logged
    other.sql().exec("COMMIT");
    CHECK(outbox_keys().size() == 2);
}

TEST_CASE_METHOD(LockedFileFixture,
                 "a kept event is tried again without sleeping on the io thread - now and then briefly") {
    using std::chrono::milliseconds;
    std::vector<milliseconds> waits;  // the lock wait in force when each event was applied
    router.on_event("app_mention", [&](const nlohmann::json&, commands::Context& context) {
        waits.push_back(context.db->lock_wait());
        return HandlerResult{};
    });
    router.route(mention("EvFirst"));  // the first attempt waits briefly, over a batch
    other.sql().exec("BEGIN IMMEDIATE");
    router.route(mention("EvKept"));
    other.sql().exec("COMMIT");
    CHECK(router.retry_busy_events() == 0);  // a retry does not wait at all

    other.sql().exec("BEGIN IMMEDIATE");
    router.route(mention("EvLong"));
    for (int i = 1; i < EventRouter::kBriefRetryEvery; ++i) REQUIRE(router.retry_busy_events() == 1);
    other.sql().exec("COMMIT");
    CHECK(router.retry_busy_events() == 0);  // every kBriefRetryEvery-th retry waits briefly
    CHECK(waits == std::vector<milliseconds>{storage::BriefLockWait::kWait, milliseconds(0),
                                             storage::BriefLockWait::kWait});
}

TEST_CASE_METHOD(LockedFileFixture,
                 "a modal submitted while the database is busy stays open with a field error") {
    bool applied = false;
    router.on_view_submission("view-id", [&](const nlohmann::json&, commands::Context&) {
        applied = true;
        return HandlerResult{};
    });
    const nlohmann::json submit = {
        {"envelope_id", "e-submit"},
        {"type", "interactive"},
        {"payload", load_slack_fixture("view_submission_with_state_values.json")}};
    other.sql().exec("BEGIN IMMEDIATE");
    const nlohmann::json ack = router.route(envelope(submit));
    other.sql().exec("COMMIT");
    CHECK_FALSE(applied);
    REQUIRE(ack.is_object());
    CHECK(ack["response_action"] == "errors");  // not a bare ack, which would close the modal
    CHECK_THAT(ack["errors"]["hspI"].get<std::string>(),
               Catch::Contains("nothing was saved") && Catch::Contains("Submit again"));

    CHECK(router.route(envelope(submit)).is_null());  // once the lock is free it is applied
    CHECK(applied);
}

TEST_CASE_METHOD(LockedFileFixture,
                 "read-only commands are answered while another connection holds the write lock") {
    storage::CaptainRoster roster(other);
    roster.add("C0CREW", "U0ANNA", 0, 1);
    roster.set_start("C0CREW", {1, "2025-11-03"});
    const std::string added = router.route(slash("/suggest", "Pair on escalations"))["text"];
    REQUIRE_THAT(added, Catch::Contains("Added"));

    other.sql().exec("BEGIN IMMEDIATE");
    other.sql().exec(
        "INSERT INTO audit_log (channel, actor, action, detail, at) VALUES "
        "('C0CREW', 'U0OTHER', 'held', 'the write lock', 1)");
    const std::string list = router.route(slash("/suggest", "list"))["text"];
    const std::string who = router.route(slash("/captain", "who"))["text"];
    other.sql().exec("COMMIT");
    CHECK_THAT(list, Catch::Contains("Pair on escalations"));
    CHECK_THAT(who, Catch::Contains("<@U0ANNA> is captain"));
    CHECK_THAT(list + who, !Catch::Contains("busy"));
}

TEST_CASE_METHOD(LockedFileFixture,
                 "a read-only command under another connection's lock is answered - its channel "
                 "noted once the lock is free") {
    storage::LastChannels last(other);
    other.sql().exec("BEGIN IMMEDIATE");
    CHECK_THAT(router.route(slash("/ritual", "help"))["text"].get<std::string>(),
               Catch::Contains("/captain"));
    other.sql().exec("COMMIT");
    CHECK_FALSE(last.find("U111"));  // skipped rather than wait: only a hint for later DMs
    router.route(slash("/ritual", "help"));
    CHECK(last.find("U111") == "C0CREW");
}
