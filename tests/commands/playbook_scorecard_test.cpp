// `/playbook show NAME`, the procedure's scorecard, on an in-memory database with a test clock:
// its indicators over its segment, investigations, causes, improvements with before/after,
// customer voice (kept through the message shortcut's form) and history, pinned as expected
// JSON in tests/render/playbook_scorecard.json.

#include <catch2/catch.hpp>

#include "commands/playbook/interactions.hpp"
#include "commands/playbook/scorecard.hpp"
#include "commands/render/scorecard_blocks.hpp"
#include "golden.hpp"
#include "playbook_fixture.hpp"
#include "storage/outlier_records.hpp"
#include "storage/suggestions_improvements.hpp"
#include "support/test_database.hpp"
#include "ticket_fixtures.hpp"

using namespace ritualbot;
using namespace ritualbot::test;
using Catch::Contains;

namespace {

constexpr std::int64_t kMinute = 60'000;

// Eight weeks to Thu 26 Nov 2026 of billing and shipping tickets: billing's first response
// grows week by week and it is reopened more in later weeks; only billing tickets are tagged vip.
std::vector<commands::Ticket> eight_weeks_of_tickets() {
    using namespace std::chrono;
    std::vector<commands::Ticket> tickets;
    const sys_days first = sys_days{year{2026} / October / 2};
    for (int day = 0; day < 56; ++day) {
        for (int i = 0; i < 4; ++i) {
            const bool billing = i % 2 == 0;
            commands::Ticket t;
            t.row.id = std::string("T-").append(std::to_string(day)).append("-").append(std::to_string(i));
            t.row.created_at =
                duration_cast<milliseconds>((first + days{day} + hours{9 + i}).time_since_epoch())
                    .count();
            const int week = day / 7;
            t.row.first_response_at = t.row.created_at + (billing ? 10 + 5 * week : 30) * kMinute;
            t.row.resolved_at = t.row.created_at + 240 * kMinute;
            t.row.request_type = billing ? "billing" : "shipping";
            t.row.contact_channel = "email";
            t.row.reopens = billing && (day % 8) < week ? 1 : 0;
            t.row.tags = billing ? "vip;eu" : "eu";
            tickets.push_back(std::move(t));
        }
    }
    return tickets;
}

}  // namespace

TEST_CASE("the customer voice shortcut opens a form of the channel's procedures and keeps the "
          "words",
          "[playbook]") {
    PlaybookFixture f;
    const commands::playbook::VoiceShortcut shortcut{"T.1", "C0CREW", "U2",
                                                     "Refund took 3 weeks &amp; 4 emails",
                                                     "https://crew.slack.com/archives/C0CREW/p1"};
    const auto empty = commands::playbook::voice_from_message(shortcut, f.context);
    CHECK(empty.modals.empty());
    CHECK_THAT(ephemeral_text(empty, "U2"), Contains("`/playbook add NAME`"));

    f.playbook("add refunds");
    const auto opened = commands::playbook::voice_from_message(shortcut, f.context);
    REQUIRE(opened.modals.size() == 1);
    const auto& view = opened.modals[0].view;
    CHECK(view["callback_id"] == "playbook_voice_modal");
    CHECK(view["blocks"][0]["element"]["options"][0]["value"] ==
          std::to_string(f.procedure_id("refunds")));
    CHECK(view["blocks"][1]["element"]["initial_value"] == "Refund took 3 weeks & 4 emails");

    using Form = commands::playbook::VoiceForm;
    const auto refused = commands::playbook::submit_voice(
        Form{"C0CREW", "https://crew.slack.com/archives/C0CREW/p1", "U2", "", "  "}, f.context);
    CHECK(refused.errors.count("voice_text") == 1);
    CHECK(refused.errors.count("voice_procedure") == 1);
    const auto kept = commands::playbook::submit_voice(
        Form{"C0CREW", "https://crew.slack.com/archives/C0CREW/p1", "U2",
             std::to_string(f.procedure_id("refunds")), "Refund took 3 weeks & 4 emails"},
        f.context);
    CHECK(kept.errors.empty());
    CHECK_THAT(ephemeral_text(kept.effects, "U2"), Contains("Kept as customer voice of `refunds`"));
    CHECK(f.count("SELECT COUNT(*) FROM customer_voices WHERE text = 'Refund took 3 weeks & 4 "
                  "emails' AND permalink LIKE 'https://crew.slack.com/%'") == 1);
    CHECK(f.count("SELECT COUNT(*) FROM audit_log WHERE action = 'playbook.voice'") == 1);
}

TEST_CASE("the scorecard gathers everything that concerns the procedure", "[playbook][render]") {
    PlaybookFixture f;
    store_tickets(f.db, "C0CREW", eight_weeks_of_tickets());
    f.clock.set(utc(2026, 10, 1, 9));
    f.playbook("add Refunds <https://docs.example/refunds> — How we refund &amp; credit");
    f.playbook("segment refunds tag=vip");
    f.playbook("add handoff");

    // An investigation with a cause, one still open without, and another procedure's.
    storage::OutlierRecords records(f.db);
    for (const char* id : {"o-2026-11-20-1", "o-2026-11-25-1", "o-2026-11-25-2"}) {
        records.insert({"C0CREW", id, "2026-11-25", "rate", "reopen_rate", "request_type",
                        std::string("billing-") + id, "why", 0});
    }
    f.clock.set(utc(2026, 11, 20, 12));
    f.outliers("ack o-2026-11-20-1 procedure refunds owner <@U2> cause Credit note step skipped");
    f.outliers("close o-2026-11-20-1");
    f.clock.set(utc(2026, 11, 25, 12));
    f.outliers("assign o-2026-11-25-1 procedure refunds <@U3>");
    f.outliers("assign o-2026-11-25-2 procedure handoff <@U3>");

    // Two improvements (won suggestions), one done on 16 Nov targeting the reopen rate.
    f.clock.set(utc(2026, 11, 10, 12));
    f.suggest("Second pair of eyes on credits #refunds");
    f.suggest("Refund macro #refunds");
    f.suggest("Waiting for the vote #refunds");
    storage::Improvements improvements(f.db);
    improvements.add({1, "C0CREW", "U2", "2026-11-17", "reopen_rate", 0, 0, "", ""});
    improvements.add({2, "C0CREW", "", "2026-12-04", "", 0, 0, "", ""});
    improvements.mark_done(1, 1, "2026-11-16", "");
    f.db.exec("UPDATE suggestions SET state = 'won' WHERE id IN (1, 2)");

    f.clock.set(utc(2026, 11, 26, 9));
    f.playbook("changed refunds Credits over 100 EUR need a second approver");
    commands::playbook::submit_voice({"C0CREW", "https://crew.slack.com/archives/C0CREW/p1", "U4",
                                      std::to_string(f.procedure_id("refunds")),
                                      "Third time I ask for my refund <sigh>"},
                                     f.context);

    f.clock.set(utc(2026, 11, 27, 10));
    const auto reply = f.playbook("show REFUNDS", "U5");
    CHECK(reply.visibility == commands::Visibility::ephemeral);
    CHECK(reply.text == "Scorecard of `Refunds`: 1 open investigation, 2 improvements, "
                        "1 customer voice");
    REQUIRE(reply.blocks.is_array());
    // Slack's limits (emulator/block_limits.hpp checks the same in the end-to-end tests).
    CHECK(reply.blocks.size() <= 50);
    for (const auto& block : reply.blocks) {
        if (block["type"] == "section") CHECK(block["text"]["text"].get<std::string>().size() <= 3000);
    }
    check_rendering("playbook_scorecard", reply.blocks);

    // The indicators are the segment's: billing only, as the vip tag marks it.
    const auto procedure = storage::Procedures(f.db).find(f.procedure_id("refunds"));
    REQUIRE(procedure);
    const auto zone = date::locate_zone("UTC");
    const auto card = commands::playbook::build_scorecard(
        f.db, *procedure, commands::local_date_of(zone, commands::now_seconds(f.clock)), zone,
        commands::now_ms(f.clock));
    REQUIRE_FALSE(card.indicators.empty());
    CHECK(card.indicators[0].label == "median first response");
    CHECK(card.indicators[0].first == "10m");
    CHECK(card.indicators[0].latest == "45m");
    CHECK(card.investigations.size() == 1);
    CHECK(card.causes.size() == 1);
    CHECK(card.suggestions.size() == 1);
}
