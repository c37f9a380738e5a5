// Where a flagged rise concentrates, and tags as a bounded segment dimension.

#include <catch2/catch.hpp>

#include <date/tz.h>

#include "commands/outliers/concentration.hpp"
#include "commands/outliers/digest.hpp"
#include "commands/outliers/digest_text.hpp"
#include "commands/outliers/window_segments.hpp"
#include "commands/ticket_data/generator.hpp"
#include "support/test_database.hpp"
#include "ticket_fixtures.hpp"

namespace rc = ritualbot::commands;
namespace rs = ritualbot::storage;
using namespace std::chrono;
using Catch::Contains;

namespace {

rs::TicketRow row(const char* type, const char* path, bool reopened, const char* tags = nullptr) {
    rs::TicketRow t;
    t.request_type = type;
    t.contact_channel = path;
    t.reopens = reopened ? 1 : 0;
    if (tags != nullptr) t.tags = tags;
    return t;
}

}  // namespace

TEST_CASE("ticket tags split on semicolons - the most frequent few become segments",
          "[digest][concentration]") {
    rs::TicketRow t;
    t.tags = " vip; eu;;vip ";
    CHECK(rc::ticket_tags(t) == std::vector<std::string>{"vip", "eu"});
    rc::TicketWindow window;
    window.days = 1;
    window.tickets.assign(5, t);
    window.tickets[0].tags = "mobile";
    window.day.assign(5, 0);
    const rc::WindowSegments segments(window);
    const auto top = [&](std::size_t max, std::size_t min_tickets) {
        std::vector<std::string> names;
        for (const int id : segments.top_tags(0, 5, max, min_tickets)) {
            CHECK(segments.segment(id).dimension == "tag");
            names.push_back(segments.segment(id).value);
        }
        return names;
    };
    CHECK(top(1, 1) == std::vector<std::string>{"eu"});  // ties by name
    CHECK(top(5, 2) == std::vector<std::string>{"eu", "vip"});
    CHECK(segments.contains(1, segments.top_tags(0, 5, 1, 1)[0], segments.top_tags(0, 5, 1, 1)));
    CHECK_FALSE(
        segments.contains(0, segments.top_tags(0, 5, 1, 1)[0], segments.top_tags(0, 5, 1, 1)));
}

TEST_CASE("a rise in a request type names the path that carries most of it",
          "[digest][concentration]") {
    // Billing's usual reopen rate is 10%; on the day 8 of 10 chats and 1 of 10 e-mails reopened.
    std::vector<rs::TicketRow> rows;
    for (int i = 0; i < 10; ++i) rows.push_back(row("billing", "chat", i < 8, "vip"));
    for (int i = 0; i < 10; ++i) rows.push_back(row("billing", "email", i < 1));
    std::vector<const rs::TicketRow*> day;
    for (const auto& r : rows) day.push_back(&r);
    const auto& reopen = *rc::find_rate_metric("reopen_rate");
    const auto c = rc::concentration(day, {"request_type", "billing"}, reopen, 0.1, {"vip"});
    REQUIRE(c);
    // Excess: 9 − 20·0.1 = 7 in all; chat 8 − 1 = 7 (100%), tag vip the same tickets.
    CHECK(c->part == rc::Segment{"channel", "chat"});
    CHECK(c->share == Approx(1.0));
    CHECK(rc::concentration_text(*c) == "; 100% of the excess is chat (8 of 10 chat tickets)");
    // Spread evenly, it names nothing.
    std::vector<rs::TicketRow> even;
    for (int i = 0; i < 10; ++i) even.push_back(row("billing", i % 2 ? "chat" : "email", i < 6));
    std::vector<const rs::TicketRow*> even_day;
    for (const auto& r : even) even_day.push_back(&r);
    CHECK_FALSE(rc::concentration(even_day, {"request_type", "billing"}, reopen, 0.1, {}));
}

TEST_CASE("the digest says where a flagged rate concentrates", "[digest][concentration]") {
    rc::GeneratorOptions options;
    options.days = 42;
    options.plant_outliers = false;
    auto data = rc::generate_tickets(options);
    const year_month_day last = year{2026} / September / 11;
    for (int i = 0; i < 10; ++i) {  // ten reopened billing chats on the last day
        rc::Ticket t = data.tickets.back();
        t.row.id = "R-" + std::to_string(i);
        t.row.request_type = "billing";
        t.row.contact_channel = "chat";
        t.row.reopens = 1;
        data.tickets.push_back(std::move(t));
    }
    rs::Database db = ritualbot::test::test_database();
    ritualbot::test::store_tickets(db, "C1", data.tickets);
    const rc::Digest digest = rc::build_digest(db, "C1", last, date::locate_zone("UTC"));
    const rc::Outlier* billing = nullptr;
    for (const auto& o : digest.outliers) {
        if (o.metric == "reopen_rate" && o.segment == rc::Segment{"request_type", "billing"}) {
            billing = &o;
        }
    }
    REQUIRE(billing != nullptr);
    CHECK_THAT(billing->why, Contains("of the excess is chat ("));
}

TEST_CASE("an indicator whose last day had no tickets says no data, not 0%", "[digest]") {
    rc::Indicator indicator;
    indicator.metric = "reopen_rate";
    indicator.values = {0.05, 0.0, std::nullopt};
    indicator.sparkline = "▅▁ ";
    CHECK_THAT(rc::indicator_line(indicator),
               Contains("no data on the last day") && !Contains("0%"));
    indicator.values.back() = 0.0;
    CHECK_THAT(rc::indicator_line(indicator), Contains("0% latest"));
}
