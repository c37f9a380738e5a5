// The trend picture's data: twelve weeks of tickets (four for the baselines, eight drawn), a
// procedure change and an improvement done as marks, pinned as expected JSON in
// tests/render/trend_chart.json; its alt text and its round trip through the outbox's JSON.

#include <catch2/catch.hpp>

#include "commands/outliers/chart_share.hpp"
#include "commands/outliers/trend_chart.hpp"
#include "golden.hpp"
#include "playbook_fixture.hpp"
#include "storage/suggestions_improvements.hpp"
#include "ticket_fixtures.hpp"

using namespace ritualbot;
using namespace ritualbot::test;
using Catch::Contains;

namespace {

constexpr std::int64_t kMinute = 60'000;

// Twelve weeks from Fri 4 Sep 2026 to Thu 26 Nov: resolution 4h, growing by 30 minutes a week
// from the tenth; one ticket in four reopened in the last four weeks, none before. No other
// rate's column is known.
std::vector<commands::Ticket> twelve_weeks_of_tickets() {
    using namespace std::chrono;
    std::vector<commands::Ticket> tickets;
    const sys_days first = sys_days{year{2026} / September / 4};
    for (int day = 0; day < 84; ++day) {
        const int week = day / 7;
        for (int i = 0; i < 4; ++i) {
            commands::Ticket t;
            t.row.id =
                std::string("T-").append(std::to_string(day)).append("-").append(std::to_string(i));
            t.row.created_at =
                duration_cast<milliseconds>((first + days{day} + hours{9 + i}).time_since_epoch())
                    .count();
            t.row.first_response_at = t.row.created_at + 20 * kMinute;
            t.row.resolved_at = t.row.created_at + (240 + 30 * std::max(0, week - 8)) * kMinute;
            t.row.request_type = "billing";
            t.row.reopens = week >= 8 && i == 0 ? 1 : 0;
            tickets.push_back(std::move(t));
        }
    }
    return tickets;
}

commands::TrendChart chart_of(PlaybookFixture& f) {
    using namespace std::chrono;
    return commands::load_trend_chart(f.db, "C0CREW", commands::chart_metrics("resolution"),
                                      commands::kChartWeeks, year{2026} / November / 26, utc());
}

}  // namespace

TEST_CASE("the trend chart holds eight weeks of leading indicators with baselines and marks",
          "[trend_chart]") {
    PlaybookFixture f;
    store_tickets(f.db, "C0CREW", twelve_weeks_of_tickets());
    f.playbook("add refunds");
    f.clock.set(utc(2026, 11, 12, 9));
    f.playbook("changed refunds Credits over 100 EUR need a second approver");
    f.clock.set(utc(2026, 8, 20, 9));
    f.playbook("changed refunds Too early for the chart");
    f.clock.set(utc(2026, 11, 10, 12));
    f.suggest("Refund macro #refunds");
    storage::Improvements improvements(f.db);
    improvements.add({1, "C0CREW", "U2", "2026-11-17", "reopen_rate", 0, 0, "", ""});
    improvements.mark_done(1, 1, "2026-11-16", "");

    const commands::TrendChart chart = chart_of(f);
    check_rendering("trend_chart", commands::chart_to_json(chart));
    REQUIRE(chart.series.size() == 2);  // the rates without data are left out
    CHECK(chart.series[0].metric == "resolution");
    REQUIRE(chart.marks.size() == 2);
    CHECK(chart.marks[0].day == 41);  // 12 Nov, counted from 2 Oct
    CHECK(chart.marks[1].kind == commands::MarkKind::improvement_done);

    const auto back = commands::chart_from_json(commands::chart_to_json(chart));
    REQUIRE(back);
    CHECK(*back == chart);

    const std::string alt = commands::chart_alt_text(chart);
    CHECK(alt.size() <= commands::kMaxAltText);
    CHECK_THAT(alt, Contains("resolution: 4h00m, 4h00m, 4h00m, 4h00m, 4h00m, 4h30m, 5h00m, 5h30m "
                             "(baseline 4h00m). reopen rate: 0%, 0%, 0%, 0%, 25%, 25%, 25%, 25% "
                             "(baseline 0%). 2026-11-12: refunds changed."));
}

TEST_CASE("the crew's metric leads the chart and an unknown one falls back to resolution",
          "[trend_chart]") {
    const auto lead = commands::chart_metrics("recontact_rate");
    REQUIRE(lead.size() == 5);  // the leading rates, recontact among them, once
    CHECK(lead[0].label() == "recontact rate");
    CHECK(commands::chart_metrics("nonsense")[0].label() == "resolution");
}

TEST_CASE("a payload that is not a chart reads as none", "[trend_chart]") {
    const nlohmann::json chart = {{"first_day", "2026-10-02"},
                                  {"last_day", "2026-11-26"},
                                  {"time_zone", "UTC"},
                                  {"weeks", 1},
                                  {"series", nlohmann::json::array()},
                                  {"marks", nlohmann::json::array()}};
    CHECK_FALSE(commands::chart_from_json(chart));  // no series
    CHECK_FALSE(commands::chart_from_json(nlohmann::json::array()));
    nlohmann::json one = chart;
    one["series"] = {{{"metric", "reopen_rate"},
                      {"label", "reopen rate"},
                      {"duration", false},
                      {"values", {0.1}},
                      {"baseline", nullptr}}};
    CHECK(commands::chart_from_json(one));
    one["marks"] = {
        {{"kind", "procedure_change"}, {"date", "2026-11-30"}, {"day", 9}, {"label", "x"}}};
    CHECK_FALSE(commands::chart_from_json(one));  // day 9 of a one-week chart
    one["weeks"] = 2;
    CHECK_FALSE(commands::chart_from_json(one));  // one value for two weeks
}

TEST_CASE("the trend answer carries a share button whose click queues the picture",
          "[trend_chart]") {
    PlaybookFixture f;
    store_tickets(f.db, "C0CREW", twelve_weeks_of_tickets());
    f.clock.set(utc(2026, 11, 27, 10));
    const auto reply = f.outliers("trend reopen_rate 4");
    REQUIRE(reply.blocks.is_array());
    const auto& button = reply.blocks.back()["elements"][0];
    CHECK(button["action_id"] == "outliers_share_chart");
    CHECK(reply.blocks[0]["text"]["text"] == reply.text);  // short enough for one section

    const auto effects = commands::outliers::share_chart_click(
        {"C0CREW", "U2", button["value"].get<std::string>(), "1700000000.123"}, f.context);
    REQUIRE(effects.chart_shares.size() == 1);
    const auto& share = effects.chart_shares[0];
    CHECK(share.key == "chart-share:C0CREW:1700000000.123");
    CHECK(share.initial_comment == "<@U2> shared the reopen rate trend.");
    const auto chart = commands::chart_from_json(share.chart);
    REQUIRE(chart);
    CHECK(chart->weeks == 4);
    CHECK(chart->last_day == "2026-11-26");
    CHECK(chart->series[0].metric == "reopen_rate");

    const auto refused =
        commands::outliers::share_chart_click({"C0CREW", "U2", "{\"metric\":\"nope\"}", "1"}, f.context);
    CHECK(refused.chart_shares.empty());
    REQUIRE(refused.posts.size() == 1);
    CHECK(refused.posts[0].ephemeral_user == "U2");
}
