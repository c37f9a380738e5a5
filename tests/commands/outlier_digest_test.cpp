#include <catch2/catch.hpp>

#include <cmath>

#include <date/tz.h>

#include "commands/outliers/digest.hpp"
#include "commands/render/digest_blocks.hpp"
#include "commands/ticket_data/generator.hpp"
#include "storage/channel_settings.hpp"
#include "storage/investigations.hpp"
#include "support/test_database.hpp"
#include "ticket_fixtures.hpp"

namespace rc = ritualbot::commands;
namespace rs = ritualbot::storage;
using namespace std::chrono;
using Catch::Contains;
using ritualbot::test::utc;

namespace {

const rc::Outlier* find_outlier(const rc::Digest& digest, const std::string& metric,
                                const rc::Segment& segment) {
    for (const auto& o : digest.outliers) {
        if (o.metric == metric && o.segment == segment) return &o;
    }
    return nullptr;
}

std::size_t utf8_chars(const std::string& text) {
    std::size_t n = 0;
    for (const char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
}

std::string listing(const rc::Digest& digest) {
    std::string out;
    for (const auto& o : digest.outliers) {
        out += o.id + " " + std::string(rc::to_string(o.kind)) + " " + o.metric + " " +
               o.segment.dimension + "=" + o.segment.value + ": " + o.why + "\n";
    }
    return out;
}

}  // namespace

TEST_CASE("every planted outlier is found, with its evidence", "[digest]") {
    for (const std::uint64_t seed : {1u, 7u, 42u}) {
        rs::Database db = ritualbot::test::test_database();
        rc::GeneratorOptions options;
        options.seed = seed;
        const auto data = rc::generate_tickets(options);
        REQUIRE(data.planted.size() == 5);
        ritualbot::test::store_tickets(db, "C1", data.tickets);
        for (const auto& planted : data.planted) {
            const rc::Digest digest = rc::build_digest(db, "C1", planted.date, utc());
            INFO("seed " << seed << ", " << planted.metric << " " << planted.segment << " on "
                         << rc::format_date(planted.date) << "\n"
                         << listing(digest));
            const rc::Outlier* found =
                find_outlier(digest, planted.metric, {planted.dimension, planted.segment});
            REQUIRE(found != nullptr);
            CHECK(rc::to_string(found->kind) == planted.kind);
            CHECK_THAT(found->id, Contains("o-" + rc::format_date(planted.date) + "-"));
            CHECK(found->n > 0);
            CHECK(found->value > found->baseline);
            CHECK_FALSE(found->why.empty());
            CHECK(found->ticket_count >= found->tickets.size());
            if (planted.kind == "ticket") {
                REQUIRE_FALSE(found->tickets.empty());
                CHECK(found->tickets.front() == planted.ticket_id);
                CHECK(found->score > 3.5);
            } else {
                CHECK_FALSE(found->tickets.empty());
            }
        }
    }
}

TEST_CASE("clean data: at most one false alarm per 1,000 segment-days", "[digest]") {
    std::size_t segment_days = 0;
    std::size_t alarms = 0;
    std::string seen;
    for (const std::uint64_t seed : {11u, 12u, 13u, 14u, 15u, 16u, 17u, 18u}) {
        rs::Database db = ritualbot::test::test_database();
        rc::GeneratorOptions options;
        options.seed = seed;
        options.days = 42 + 30;  // a full window of history, then a month of digests
        options.plant_outliers = false;
        const auto data = rc::generate_tickets(options);
        ritualbot::test::store_tickets(db, "C1", data.tickets);
        for (int d = 42; d < options.days; ++d) {
            const year_month_day day{sys_days{options.first_day} + days{d}};
            const rc::Digest digest = rc::build_digest(db, "C1", day, utc());
            segment_days += digest.segments;
            alarms += digest.outliers.size();
            seen += listing(digest);
        }
    }
    INFO(alarms << " alarms in " << segment_days << " segment-days\n" << seen);
    CHECK(segment_days >= 2000);
    CHECK(alarms * 1000 <= segment_days);
}

TEST_CASE("ids are stable, and an open investigation cools its segment and metric down",
          "[digest]") {
    rs::Database db = ritualbot::test::test_database();
    const auto data = rc::generate_tickets({});
    ritualbot::test::store_tickets(db, "C1", data.tickets);
    const auto& drift = data.planted.back();
    REQUIRE(drift.kind == "drift");

    const rc::Digest first = rc::build_digest(db, "C1", drift.date, utc());
    const rc::Outlier* flagged = find_outlier(first, drift.metric, rc::kAllSegment);
    REQUIRE(flagged != nullptr);
    const rc::Digest again = rc::build_digest(db, "C1", drift.date, utc());
    REQUIRE(again.outliers.size() == first.outliers.size());
    for (std::size_t i = 0; i < first.outliers.size(); ++i) {
        CHECK(again.outliers[i].id == first.outliers[i].id);
    }

    rs::Investigations(db).open({"C1", flagged->id, drift.metric, "all", "all", "U2",
                                 "New checklist tool", "U1", 0, std::nullopt, ""});
    const rc::Digest cooled = rc::build_digest(db, "C1", drift.date, utc());
    CHECK(find_outlier(cooled, drift.metric, rc::kAllSegment) == nullptr);
    CHECK(cooled.suppressed >= 1);
    REQUIRE(cooled.investigations.size() == 1);
    CHECK(cooled.investigations[0].outlier_id == flagged->id);
    CHECK_THAT(rc::digest_to_text(cooled), Contains("New checklist tool"));

    rs::Investigations(db).close("C1", flagged->id, "", 1);
    const rc::Digest reopened = rc::build_digest(db, "C1", drift.date, utc());
    const rc::Outlier* back = find_outlier(reopened, drift.metric, rc::kAllSegment);
    REQUIRE(back != nullptr);
    CHECK(back->id == flagged->id);
}

TEST_CASE("digest JSON has the fields DESIGN.md fixes", "[digest][render]") {
    rs::Database db = ritualbot::test::test_database();
    const auto data = rc::generate_tickets({});
    ritualbot::test::store_tickets(db, "C1", data.tickets);
    const auto& planted = data.planted.front();
    const nlohmann::json json = rc::digest_to_json(rc::build_digest(db, "C1", planted.date, utc()));
    CHECK(json["channel"] == "C1");
    CHECK(json["date"] == rc::format_date(planted.date));
    CHECK(json["timezone"] == "UTC");
    REQUIRE(json["outliers"].is_array());
    REQUIRE_FALSE(json["outliers"].empty());
    for (const auto& o : json["outliers"]) {
        for (const char* key : {"id", "kind", "metric", "segment", "value", "baseline", "score",
                                "n", "tickets", "ticket_count", "why"}) {
            INFO(key);
            CHECK(o.contains(key));
        }
        CHECK(o["segment"].contains("dimension"));
        CHECK(o["segment"].contains("value"));
    }
    REQUIRE(json["indicators"].size() == 5);
    for (const auto& i : json["indicators"]) {
        CHECK(i["days"].size() == 14);
        CHECK(i["values"].size() == 14);
        CHECK(i.contains("week_change"));
        CHECK(utf8_chars(i["sparkline"].get<std::string>()) == 14);
    }
    CHECK(json["indicators"][0]["metric"] == "reopen_rate");
}

TEST_CASE("the crew's metric leads the digest, in its text, blocks and JSON", "[digest]") {
    rs::Database db = ritualbot::test::test_database();
    const auto data = rc::generate_tickets({});
    ritualbot::test::store_tickets(db, "C1", data.tickets);
    const auto date = data.planted.front().date;
    rc::Digest digest = rc::build_digest(db, "C1", date, utc());
    CHECK(digest.crew_metric.metric == "resolution");
    REQUIRE(digest.crew_metric.value);
    REQUIRE(digest.crew_metric.baseline);
    CHECK(digest.crew_metric.n > 0);
    nlohmann::json json = rc::digest_to_json(digest);
    CHECK(json["crew_metric"]["metric"] == "resolution");
    CHECK(json["crew_metric"]["value"] == std::round(*digest.crew_metric.value));
    CHECK(json["crew_metric"]["n"] == digest.crew_metric.n);
    const std::string text = rc::digest_to_text(digest);
    const std::string second_line = text.substr(text.find('\n') + 1);
    CHECK(second_line.rfind("*resolution*, the crew's metric: ", 0) == 0);
    CHECK(rc::render::digest_blocks(digest)[2]["text"]["text"].get<std::string>().rfind(
              "*resolution*, the crew's metric: ", 0) == 0);

    rs::ChannelSettingsStore(db).set_metric("C1", "low_csat_rate", 1);
    digest = rc::build_digest(db, "C1", date, utc());
    CHECK(digest.crew_metric.metric == "low_csat_rate");
    CHECK_FALSE(digest.crew_metric.duration);
    json = rc::digest_to_json(digest);
    CHECK(json["crew_metric"]["metric"] == "low_csat_rate");
    REQUIRE(json["crew_metric"]["value"].is_number());
    CHECK(json["crew_metric"]["value"].get<double>() <= 1.0);
}

TEST_CASE("Block Kit stays inside Slack's limits", "[digest][render]") {
    rc::Digest digest;
    digest.channel = "C1";
    digest.date = year{2026} / November / 20;
    digest.timezone = "Europe/Berlin";
    for (int i = 0; i < 25; ++i) {
        rc::Outlier o;
        o.id = "o-2026-11-20-" + std::to_string(i + 1);
        o.metric = "first_response";
        o.segment = {"request_type", std::string(5000, 'x')};
        o.why = std::string(4000, 'y');
        o.tickets = {"T-1"};
        o.ticket_count = 3;
        digest.outliers.push_back(o);
    }
    const nlohmann::json blocks = rc::render::digest_blocks(digest);
    CHECK(blocks.size() <= 50);
    std::size_t buttons = 0;
    bool more = false;
    for (const auto& block : blocks) {
        if (block["type"] == "section") {
            CHECK(utf8_chars(block["text"]["text"].get<std::string>()) <= 3000);
            if (block.contains("accessory")) ++buttons;
        }
        if (block["type"] == "context" && block["elements"][0]["text"].get<std::string>().find(
                                              "and 15 more") != std::string::npos) {
            more = true;
        }
    }
    CHECK(buttons == 10);
    CHECK(more);
    CHECK(blocks[0]["type"] == "header");
}

TEST_CASE("local dates follow the channel's zone", "[digest]") {
    rs::Database db = ritualbot::test::test_database();
    rc::Ticket late;
    late.row.id = "T-late";
    late.row.created_at =
        duration_cast<milliseconds>(
            (sys_days{year{2026} / November / 19} + 23h + 30min).time_since_epoch())
            .count();
    late.row.fields = 0;
    ritualbot::test::store_tickets(db, "C1", {late});
    const auto* berlin = date::locate_zone("Europe/Berlin");
    CHECK(rc::build_digest(db, "C1", year{2026} / November / 20, berlin).tickets == 1);
    CHECK(rc::build_digest(db, "C1", year{2026} / November / 19, berlin).tickets == 0);
    CHECK(rc::build_digest(db, "C1", year{2026} / November / 19, utc()).tickets == 1);
    CHECK(rc::build_digest(db, "C1", year{2026} / November / 20, berlin).timezone ==
          "Europe/Berlin");
}

TEST_CASE("a metric whose column the source lacks is not shown", "[digest]") {
    rs::Database db = ritualbot::test::test_database();
    auto data = rc::generate_tickets({});
    for (auto& t : data.tickets) {
        t.row.checklist_skipped.reset();
        t.row.manual_retries.reset();
    }
    ritualbot::test::store_tickets(db, "C1", data.tickets);
    const rc::Digest digest = rc::build_digest(db, "C1", data.planted.front().date, utc());
    for (const auto& i : digest.indicators) {
        CHECK(i.metric != "checklist_skipped_rate");
        CHECK(i.metric != "manual_retries_rate");
    }
    CHECK(digest.indicators.size() == 3);
}

TEST_CASE("recontact is derived from requesters when the source has no such column", "[digest]") {
    rs::Database db = ritualbot::test::test_database();
    const auto at = [](int day, int hour) {
        return duration_cast<milliseconds>(
                   (sys_days{year{2026} / November / day} + hours{hour}).time_since_epoch())
            .count();
    };
    const auto make = [&](const char* id, int day, const char* requester) {
        rc::Ticket t;
        t.row.id = id;
        t.row.created_at = at(day, 9);
        t.row.resolved_at = at(day, 12);
        t.requester = requester;
        t.row.fields =
            rs::bit(rs::TicketField::resolved_at) | rs::bit(rs::TicketField::requester_hash);
        return t;
    };
    ritualbot::test::store_tickets(
        db, "C1",
        {make("A1", 2, "ann"), make("A2", 6, "ann"), make("B1", 2, "bob"), make("B2", 12, "bob"),
         make("C1", 2, "cy")});
    const rc::TicketWindow window =
        rc::load_window(db, "C1", year{2026} / November / 1, 3, utc());  // Nov 1..3
    REQUIRE(window.tickets.size() == 3);
    for (const auto& t : window.tickets) {
        INFO(t.id);
        CHECK(t.recontact == (t.id == "A1"));  // Ann came back after 4 days, Bob after 10
    }
}

TEST_CASE("volume: three times the usual Monday's billing tickets is an outlier", "[digest]") {
    rs::Database db = ritualbot::test::test_database();
    rc::GeneratorOptions options;
    options.days = 42;  // Aug 1 .. Sep 11 2026; the last day, Sep 11, is a Friday
    options.tickets_per_weekday = 60;  // about 15 billing tickets a weekday
    options.plant_outliers = false;
    auto data = rc::generate_tickets(options);
    const year_month_day friday = year{2026} / September / 11;
    // Three times that Friday's billing tickets: each copied twice.
    std::vector<rc::Ticket> extra;
    for (const auto& t : data.tickets) {
        const auto created = sys_days{friday};
        const auto at = sys_time<milliseconds>{milliseconds{t.row.created_at}};
        if (t.row.request_type == "billing" && floor<days>(at) == created) {
            for (int copy = 0; copy < 2; ++copy) {
                rc::Ticket more = t;
                more.row.id += '-' + std::to_string(copy);
                extra.push_back(std::move(more));
            }
        }
    }
    REQUIRE(extra.size() >= 10);
    const rc::Digest before = [&] {
        ritualbot::test::store_tickets(db, "C1", data.tickets);
        return rc::build_digest(db, "C1", friday, utc());
    }();
    CHECK(find_outlier(before, "volume", {"request_type", "billing"}) == nullptr);
    ritualbot::test::store_tickets(db, "C1", extra);
    const rc::Digest after = rc::build_digest(db, "C1", friday, utc());
    INFO(listing(after));
    const rc::Outlier* found = find_outlier(after, "volume", {"request_type", "billing"});
    REQUIRE(found != nullptr);
    CHECK(found->kind == rc::OutlierKind::rate);
    CHECK(found->value >= 2 * found->baseline);
    CHECK_THAT(found->why, Contains(" on a Friday (") && Contains("in the 4 Fridays before"));
    CHECK(found->ticket_count == static_cast<std::size_t>(found->value));
}

TEST_CASE("a channel without any ticket says how to get some instead of Nothing unusual",
          "[digest][render]") {
    rs::Database db = ritualbot::test::test_database();
    const rc::Digest empty = rc::build_digest(db, "C1", year{2026} / November / 20, utc());
    CHECK_FALSE(empty.channel_has_tickets);
    const std::string text = rc::digest_to_text(empty);
    CHECK_THAT(text, Catch::Contains("/outliers source add zendesk") &&
                         Catch::Contains("@ritualbot import") &&
                         !Catch::Contains("Nothing unusual"));
    CHECK_THAT(rc::render::digest_blocks(empty).dump(),
               Catch::Contains("/outliers source add zendesk"));
    const nlohmann::json json = rc::digest_to_json(empty);
    CHECK(json.at("tickets") == 0);
    CHECK(json.at("channel_has_tickets") == false);
    CHECK_THAT(json.at("no_data_hint").get<std::string>(), Catch::Contains("@ritualbot import"));

    // One ticket on another date: the channel has data, the day is just quiet.
    rs::TicketWriter writer(db);
    rs::TicketRow row;
    row.channel = "C1";
    row.id = "T-1";
    row.created_at = 1700000000000;
    row.fields = 0;
    writer.upsert(row);
    const rc::Digest quiet = rc::build_digest(db, "C1", year{2026} / November / 20, utc());
    CHECK(quiet.channel_has_tickets);
    CHECK_THAT(rc::digest_to_text(quiet), Catch::Contains("Nothing unusual."));
    CHECK_FALSE(rc::digest_to_json(quiet).contains("no_data_hint"));
}
