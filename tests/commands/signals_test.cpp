// The post-release signals (issue 14): each one's definition on an in-memory database, the
// crew's mappings (`/outliers config flag|selfservice`), and how the digest shows them.

#include <date/tz.h>
#include <catch2/catch.hpp>

#include "commands/outliers/digest.hpp"
#include "commands/outliers/outliers_command.hpp"
#include "commands/outliers/trend.hpp"
#include "commands/render/digest_blocks.hpp"
#include "people_fixture.hpp"
#include "support/test_database.hpp"
#include "ticket_fixtures.hpp"

namespace rc = ritualbot::commands;
namespace rs = ritualbot::storage;
using namespace std::chrono;
using Catch::Contains;

namespace {

constexpr year_month_day kDay = year{2026} / November / 20;  // a Friday, the digest's date

std::int64_t ms_at(year_month_day day, hours hour, minutes minute = 0min) {
    return duration_cast<milliseconds>((sys_days{day} + hour + minute).time_since_epoch()).count();
}

year_month_day days_before(int n) {
    return year_month_day{sys_days{kDay} - days{n}};
}

rc::Ticket ticket(const std::string& id, year_month_day day, hours hour = 10h) {
    rc::Ticket t;
    t.row.id = id;
    t.row.created_at = ms_at(day, hour);
    t.row.request_type = "billing";
    t.row.contact_channel = "email";
    return t;
}

struct Crew {
    rs::Database db = ritualbot::test::test_database();
    rc::ManualClock clock{sys_days{kDay} + days{1} + 9h};
    ritualbot::test::TestPeople people;  // U1 is an admin (RITUALBOT_ADMINS)
    rc::Context context{&db, clock, &people};
    rc::CommandTable table;

    Crew() { table.add(rc::make_outliers_command()); }

    void store(std::vector<rc::Ticket> tickets) {
        ritualbot::test::store_tickets(db, "C1", std::move(tickets));
    }

    rc::Reply run(const std::string& text, const std::string& user = "U1") {
        return table.dispatch({.command = "/outliers",
                               .text = text,
                               .channel_id = "C1",
                               .user_id = user,
                               .team_id = "T1"},
                              context);
    }

    rc::Digest digest(year_month_day day = kDay) {
        return rc::build_digest(db, "C1", day, date::locate_zone("UTC"));
    }
};

const rc::Signal* signal(const rc::Digest& digest, std::string_view metric) {
    for (const auto& s : digest.signals) {
        if (s.metric == metric) return &s;
    }
    return nullptr;
}

// The line of `text` that starts with `start`, or "".
std::string line_of(const std::string& text, const std::string& start) {
    for (std::size_t at = 0; at < text.size();) {
        const std::size_t end = std::min(text.find('\n', at), text.size());
        if (text.compare(at, start.size(), start) == 0) return text.substr(at, end - at);
        at = end + 1;
    }
    return "";
}

}  // namespace

TEST_CASE("escalation lag: created to escalated - the median over the date - a slow one flagged",
          "[signals]") {
    Crew crew;
    std::vector<rc::Ticket> tickets;
    // Four weeks of billing escalations after about 30 minutes each.
    for (int d = 1; d <= 28; ++d) {
        for (int i = 0; i < 2; ++i) {
            rc::Ticket t = ticket("B-" + std::to_string(d) + "-" + std::to_string(i),
                                  days_before(d), hours{9 + 3 * i});
            t.row.escalated_at = t.row.created_at + (25 + 5 * i + d % 7) * 60'000;
            tickets.push_back(t);
        }
    }
    rc::Ticket quick = ticket("T-quick", kDay, 9h);
    quick.row.escalated_at = quick.row.created_at + 20 * 60'000;
    rc::Ticket slow = ticket("T-slow", kDay, 11h);
    slow.row.escalated_at = slow.row.created_at + 2 * 24 * 3600'000LL;  // two days
    rc::Ticket never = ticket("T-never", kDay, 12h);                    // not escalated
    tickets.insert(tickets.end(), {quick, slow, never});
    crew.store(tickets);

    const rc::Digest digest = crew.digest();
    const rc::Signal* lag = signal(digest, "escalation_lag");
    REQUIRE(lag != nullptr);
    CHECK(lag->n == 2);  // the ticket never escalated has no lag
    REQUIRE(lag->value);
    CHECK(*lag->value == Approx((20 * 60 + 2 * 24 * 3600) / 2.0));

    const rc::Outlier* flagged = nullptr;
    for (const auto& o : digest.outliers) {
        if (o.metric == "escalation_lag") flagged = &o;
    }
    REQUIRE(flagged != nullptr);
    CHECK(flagged->tickets == std::vector<std::string>{"T-slow"});
    CHECK_THAT(flagged->why, Contains("escalation lag 2d"));
    CHECK_THAT(rc::digest_to_text(digest), Contains("*escalation lag* 1d0h (median of 2)"));
    CHECK(rc::digest_to_json(digest)["signals"][0]["metric"] == "escalation_lag");
}

TEST_CASE("deflection recontact: deflected tickets whose requester is back within 7 days",
          "[signals]") {
    Crew crew;
    const auto deflected = [](const std::string& id, const std::string& requester,
                              std::optional<bool> was_deflected) {
        rc::Ticket t = ticket(id, kDay, 9h);
        t.row.resolved_at = t.row.created_at + 3600'000;
        t.row.deflected = was_deflected;
        t.requester = requester;
        return t;
    };
    std::vector<rc::Ticket> tickets = {
        deflected("D-back", "ann", true),    // back 3 days later: counts
        deflected("D-late", "bob", true),    // back 8 days later: too late to count
        deflected("D-gone", "cat", true),    // never back
        deflected("D-agent", "dan", false),  // an agent answered: not in the rate
        deflected("D-unknown", "eve", std::nullopt),
    };
    tickets.push_back(ticket("D-back-2", days_before(-3)));
    tickets.back().requester = "ann";
    tickets.push_back(ticket("D-late-2", days_before(-8)));
    tickets.back().requester = "bob";
    tickets.push_back(ticket("D-agent-2", days_before(-1)));
    tickets.back().requester = "dan";
    crew.store(tickets);

    const rc::Digest digest = crew.digest();  // the signal points into it
    const rc::Signal* rate = signal(digest, "deflection_recontact_rate");
    REQUIRE(rate != nullptr);
    CHECK(rate->k == 1);
    CHECK(rate->n == 3);
    CHECK_THAT(rc::digest_to_text(crew.digest()),
               Contains("*deflection recontact rate* 33% (1 of 3)"));
}

TEST_CASE("deflection recontact: a crew without the column marks its self-service path",
          "[signals]") {
    Crew crew;
    std::vector<rc::Ticket> tickets;
    int n = 0;
    for (const std::string path : {"Bot", "bot", "email"}) {
        rc::Ticket t = ticket("T-" + path, kDay, 9h);
        t.row.contact_channel = path;
        t.row.resolved_at = t.row.created_at + 60'000;
        t.requester = "requester-" + std::to_string(++n);
        tickets.push_back(t);
    }
    tickets.push_back(ticket("T-again", days_before(-2)));
    tickets.back().requester = "requester-1";
    crew.store(tickets);
    CHECK(signal(crew.digest(), "deflection_recontact_rate") == nullptr);  // no data at all

    CHECK_THAT(crew.run("config selfservice bot").text,
               Contains("set `digest.selfservice` to `bot`"));
    const rc::Digest digest = crew.digest();  // the signal points into it
    const rc::Signal* rate = signal(digest, "deflection_recontact_rate");
    REQUIRE(rate != nullptr);
    CHECK(rate->k == 1);  // matched regardless of case
    CHECK(rate->n == 2);

    CHECK_THAT(crew.run("config").text, Contains("`digest.selfservice` `bot`"));
    CHECK_THAT(crew.run("config selfservice clear").text,
               Contains("set `digest.selfservice` to none"));
    CHECK(signal(crew.digest(), "deflection_recontact_rate") == nullptr);
}

TEST_CASE("repeat info and policy exception: from their columns or the tags the crew maps",
          "[signals]") {
    Crew crew;
    std::vector<rc::Ticket> tickets;
    for (int i = 0; i < 4; ++i) {
        rc::Ticket t = ticket("T-" + std::to_string(i), kDay, hours{9 + i});
        t.row.tags = i == 0 ? "vip; Asked-Twice" : i == 1 ? "asked-twice;exception" : "vip";
        tickets.push_back(t);
    }
    tickets[3].row.repeat_info = true;  // the column wins over the tags
    crew.store(tickets);
    CHECK(signal(crew.digest(), "repeat_info_rate")->n == 1);  // the column alone
    CHECK(signal(crew.digest(), "policy_exception_rate") == nullptr);

    CHECK_THAT(crew.run("config flag repeat_info asked-twice").text,
               Contains("set `digest.flag` to repeat_info `asked-twice`"));
    CHECK_THAT(crew.run("config flag policy_exception exception").text,
               Contains("set `digest.flag` to policy_exception `exception`"));
    const rc::Digest digest = crew.digest();
    const rc::Signal* repeat = signal(digest, "repeat_info_rate");
    REQUIRE(repeat != nullptr);
    CHECK(repeat->k == 3);
    CHECK(repeat->n == 4);
    const rc::Signal* exception = signal(digest, "policy_exception_rate");
    REQUIRE(exception != nullptr);
    CHECK(exception->k == 1);
    CHECK(exception->n == 4);

    CHECK_THAT(crew.run("config flag repeat_info a;b").text, Contains("has no `;`"));
    CHECK_THAT(crew.run("config flag happiness x").text,
               Contains("The flags are `repeat_info` and `policy_exception`"));
    CHECK_THAT(crew.run("config flag repeat_info x", "U2").text, Contains("only admins can"));
    CHECK_THAT(crew.run("config").text,
               Contains("`digest.flag` repeat_info `asked-twice`, policy_exception `exception`"));
    CHECK_THAT(crew.run("config flag repeat_info clear").text,
               Contains("set `digest.flag` to repeat_info none"));
    CHECK(signal(crew.digest(), "repeat_info_rate")->k == 1);  // the column alone
}

TEST_CASE("a signal with data in the window but none on the date shows no data", "[signals]") {
    Crew crew;
    rc::Ticket earlier = ticket("T-earlier", days_before(3));
    earlier.row.policy_exception = true;
    crew.store({earlier, ticket("T-today", kDay)});

    const rc::Digest digest = crew.digest();
    REQUIRE(digest.signals.size() == 1);  // the other signals have no data anywhere
    CHECK_FALSE(digest.signals[0].value);
    CHECK_THAT(rc::digest_to_text(digest),
               Contains("*Post-release signals* (2026-11-20)\n• *policy exception rate* no data"));
    const auto json = rc::digest_to_json(digest);
    CHECK(json["signals"][0]["value"].is_null());
    CHECK(rc::render::digest_blocks(digest).dump().find("policy exception rate* no data") !=
          std::string::npos);

    // A digest covering the date with the data says so.
    const rc::Digest range =
        rc::build_digest_range(crew.db, "C1", days_before(3), kDay, date::locate_zone("UTC"));
    REQUIRE(range.signals.size() == 1);
    CHECK(range.signals[0].k == 1);
    CHECK(range.signals[0].n == 1);
}

TEST_CASE("the trend shows low CSAT by contact path - and the new metrics", "[signals]") {
    Crew crew;
    std::vector<rc::Ticket> tickets;
    for (int d = 0; d < 14; ++d) {
        for (const std::string path : {"chat", "phone"}) {
            rc::Ticket t = ticket(path + std::to_string(d), days_before(d));
            t.row.contact_channel = path;
            t.row.csat = path == "phone" ? 1 : 5;
            t.row.escalated_at = t.row.created_at + 600'000;
            tickets.push_back(t);
        }
    }
    crew.store(tickets);
    const std::string csat = crew.run("trend low_csat_rate 2").text;
    CHECK_THAT(csat, Contains("by request type and contact path"));
    CHECK_THAT(line_of(csat, "via phone"), Contains("100%"));
    CHECK_THAT(line_of(csat, "via chat"), Contains("0%") && !Contains("100%"));
    CHECK_THAT(line_of(csat, "billing"), Contains("50%"));
    CHECK_THAT(crew.run("trend escalation_lag 2").text, Contains("median escalation lag"));
    CHECK_THAT(crew.run("trend reopen_rate 2").text, Contains("billing"));
    CHECK_THAT(crew.run("trend reopen_rate 2").text, !Contains("via"));
}
