// Every local date reaches a digest: the scheduled digest covers the dates since the previous
// one (Monday's the weekend, the one after a holiday its eve too, the first after a downtime what
// was missed), and a multi-day digest flags what the single-day ones would.

#include <catch2/catch.hpp>

#include <date/tz.h>

#include "captain_fixture.hpp"
#include "commands/outliers/coverage.hpp"
#include "commands/outliers/digest.hpp"
#include "commands/ticket_data/generator.hpp"
#include "support/test_database.hpp"
#include "ticket_fixtures.hpp"

namespace rc = ritualbot::commands;
using ritualbot::test::CrewFixture;
using ritualbot::test::utc;
using namespace std::chrono;
using Catch::Contains;

namespace {

rc::LocalDate on(unsigned m, unsigned d) {
    return rc::LocalDate{sys_days{year{2026} / month{m} / d}.time_since_epoch()};
}

std::vector<const ritualbot::test::Emitted*> digests(const CrewFixture& crew) {
    std::vector<const ritualbot::test::Emitted*> found;
    for (const auto& e : crew.emitted) {
        if (e.key.rfind("run:outliers.digest:", 0) == 0) found.push_back(&e);
    }
    return found;
}

// The channel post of the newest digest run, after a tick at 10:00 UTC on the given date.
std::string digest_on(CrewFixture& crew, unsigned m, unsigned d) {
    const std::size_t before = digests(crew).size();
    crew.clock.set(utc(2026, m, d, 10));
    crew.tick();
    const auto sent = digests(crew);
    if (sent.size() == before) return "";
    return sent.back()->effects.posts.at(0).text;
}

rc::Ticket ticket(const std::string& id, sys_seconds created) {
    rc::Ticket t;
    t.row.id = id;
    t.row.created_at = duration_cast<milliseconds>(created.time_since_epoch()).count();
    t.row.request_type = "billing";
    return t;
}

}  // namespace

TEST_CASE("digest coverage: since the previous digest, yesterday at first, bounded",
          "[digest][coverage]") {
    const auto covers = [](std::optional<rc::LocalDate> previous, rc::LocalDate today) {
        const rc::DateRange r = rc::digest_coverage(previous, today);
        return rc::format_date(r.from) + ".." + rc::format_date(r.to);
    };
    CHECK(covers(std::nullopt, on(11, 30)) == "2026-11-29..2026-11-29");
    CHECK(covers(on(11, 26), on(11, 27)) == "2026-11-26..2026-11-26");
    CHECK(covers(on(11, 27), on(11, 30)) == "2026-11-27..2026-11-29");  // Monday: Fri–Sun
    CHECK(covers(on(10, 1), on(11, 30)) == "2026-11-16..2026-11-29");   // a month down: 14 days
    CHECK(covers(on(11, 30), on(11, 30)) == "2026-11-29..2026-11-29");  // never empty
}

TEST_CASE("Monday's digest covers Friday, Saturday and Sunday, and shows Friday's outlier",
          "[digest][coverage]") {
    CrewFixture crew;  // Friday 27 Nov 2026
    crew.captain("add <@U1> <@U2>");
    rc::GeneratorOptions options;
    options.first_day = year_month_day{sys_days{year{2026} / November / 27} - days{81}};
    const auto data = rc::generate_tickets(options);
    const rc::PlantedOutlier* slow = nullptr;
    for (const auto& p : data.planted) {
        if (p.metric == "first_response") slow = &p;
    }
    REQUIRE(slow != nullptr);
    REQUIRE(slow->date == year{2026} / November / 27);  // a Friday
    ritualbot::test::store_tickets(crew.db, "C0CREW", data.tickets);

    CHECK(digest_on(crew, 11, 27) == "Outlier digest for 2026-11-26");  // the first: yesterday
    CHECK(digest_on(crew, 11, 28).empty());
    CHECK(digest_on(crew, 11, 29).empty());
    CHECK(digest_on(crew, 11, 30) == "Outlier digest for 2026-11-27 to 2026-11-29");
    const auto& posts = digests(crew).back()->effects.posts;
    CHECK_THAT(posts.at(0).blocks.dump(), Contains(slow->ticket_id) && Contains("o-2026-11-27-"));
    CHECK(digest_on(crew, 12, 1) == "Outlier digest for 2026-11-30");
}

TEST_CASE(
    "the digest after a holiday covers the holiday's eve too, and after a downtime what was "
    "missed",
    "[digest][coverage]") {
    CrewFixture crew;  // Friday 27 Nov 2026
    crew.captain("add <@U1> <@U2>");
    crew.captain("holiday add 2026-12-02");  // a Wednesday
    ritualbot::test::store_tickets(crew.db, "C0CREW", {ticket("T-1", utc(2026, 11, 20, 9))});

    CHECK(digest_on(crew, 12, 1) == "Outlier digest for 2026-11-30");
    CHECK(digest_on(crew, 12, 2).empty());
    CHECK(digest_on(crew, 12, 3) == "Outlier digest for 2026-12-01 to 2026-12-02");
    // Down from Thursday's digest to Wednesday morning: no run fired in between, so
    // Wednesday's digest covers everything since Thursday's.
    CHECK(digest_on(crew, 12, 9) == "Outlier digest for 2026-12-03 to 2026-12-08");
}

TEST_CASE("a multi-day digest flags what each day's digest flags, with the same ids",
          "[digest][coverage]") {
    ritualbot::storage::Database db = ritualbot::test::test_database();
    const auto data = rc::generate_tickets({});
    ritualbot::test::store_tickets(db, "C1", data.tickets);
    const auto* utc_zone = date::locate_zone("UTC");
    const year_month_day to = data.planted.front().date;  // the slow first response
    const year_month_day from{sys_days{to} - days{2}};
    const rc::Digest range = rc::build_digest_range(db, "C1", from, to, utc_zone);
    CHECK(range.multi_day());
    std::size_t tickets = 0;
    std::vector<std::string> ids;
    for (sys_days d{from}; d <= sys_days{to}; d += days{1}) {
        const rc::Digest one = rc::build_digest(db, "C1", year_month_day{d}, utc_zone);
        tickets += one.tickets;
        for (const auto& o : one.outliers) ids.push_back(o.id);
    }
    CHECK(range.tickets == tickets);
    std::vector<std::string> range_ids;
    for (const auto& o : range.outliers) {
        range_ids.push_back(o.id);
        CHECK_THAT(o.id, Contains("o-" + rc::format_date(o.date) + "-"));
    }
    CHECK(range_ids == ids);
    REQUIRE_FALSE(ids.empty());

    const nlohmann::json json = rc::digest_to_json(range);
    CHECK(json["from"] == rc::format_date(from));
    CHECK(json["to"] == rc::format_date(to));
    CHECK(json["date"] == rc::format_date(to));
    for (const auto& o : json["outliers"]) CHECK(o["date"].is_string());
    CHECK_FALSE(rc::digest_to_json(rc::build_digest(db, "C1", to, utc_zone)).contains("from"));
    CHECK_THAT(rc::digest_to_text(range),
               Contains("Outlier digest for " + rc::format_date(from) + " to "));
}
