#include <catch2/catch.hpp>
#include <date/tz.h>

#include "commands/channel/channel_config.hpp"
#include "commands/outliers/digest.hpp"
#include "commands/outliers/outliers_command.hpp"
#include "commands/ticket_data/generator.hpp"
#include "storage/channel_settings.hpp"
#include "storage/digest_texts.hpp"
#include "storage/investigations.hpp"
#include "support/slash_command.hpp"
#include "support/temp_dir.hpp"
#include "support/test_database.hpp"
#include "ticket_fixtures.hpp"

namespace rc = ritualbot::commands;
namespace rs = ritualbot::storage;
using namespace std::chrono;
using Catch::Contains;

namespace {

struct Fixture {
    rs::Database db = ritualbot::test::test_database();
    rc::SyntheticTickets data = rc::generate_tickets({});
    rc::ManualClock clock{sys_days{year{2026} / August / 1}};
    rc::Context context{&db, clock};
    rc::CommandTable table;

    Fixture() {
        table.add(rc::make_outliers_command());
        ritualbot::test::store_tickets(db, "C0CREW", data.tickets);
        // The morning after the planted creep (the last generated day).
        clock.set(sys_days{data.planted.back().date} + days{1} + 9h);
    }

    rc::Reply run(const std::string& text, const std::string& user = "U1") {
        return table.dispatch(ritualbot::test::slash_command("/outliers", text, user), context);
    }

    const rc::PlantedOutlier& planted(const std::string& metric) const {
        for (const auto& p : data.planted) {
            if (p.metric == metric) return p;
        }
        throw std::logic_error("nothing planted for " + metric);
    }

    std::string first_id(const std::string& date) {
        const rc::Digest digest = rc::build_digest(db, "C0CREW", *rc::parse_date(date),
                                                   rc::load_channel_config(db, "C0CREW").zone);
        REQUIRE_FALSE(digest.outliers.empty());
        return digest.outliers.front().id;
    }
};

}  // namespace

TEST_CASE("/outliers shows yesterday's digest by default", "[outliers]") {
    Fixture f;
    const std::string yesterday = rc::format_date(f.data.planted.back().date);
    for (const std::string& text :
         std::vector<std::string>{"", "yesterday", "show", "show yesterday", yesterday}) {
        INFO(text);
        const rc::Reply reply = f.run(text);
        CHECK(reply.visibility == rc::Visibility::ephemeral);
        CHECK_THAT(reply.text, Contains("Outlier digest for " + yesterday));
        CHECK_THAT(reply.text, Contains("checklist skipped rate"));
        CHECK_THAT(reply.text, Contains("Leading indicators"));
    }
    CHECK_THAT(
        f.run("today").text,
        Contains("Outlier digest for " +
                 rc::format_date(year_month_day{sys_days{f.data.planted.back().date} + days{1}})));
}

TEST_CASE("/outliers filters by request type and rejects bad input with usage", "[outliers]") {
    Fixture f;
    const auto& slow = f.planted("first_response");  // a billing ticket
    const rc::Reply billing = f.run(rc::format_date(slow.date) + " billing");
    CHECK_THAT(billing.text, Contains("first response"));
    CHECK_THAT(billing.text, Contains(slow.ticket_id));
    CHECK_THAT(f.run("yesterday nosuchtype").text, Contains("No nosuchtype tickets"));
    CHECK_THAT(f.run("2026-02-30").text, Contains("is not a date"));
    CHECK_THAT(f.run("yesterday billing extra").text, Contains("one word too many"));
    CHECK_THAT(f.run("yesterday billing extra").text, Contains("Usage: `/outliers show"));
}

TEST_CASE("/outliers ack records owner and cause - causes lists them", "[outliers]") {
    Fixture f;
    const std::string date = rc::format_date(f.data.planted.back().date);
    const std::string id = f.first_id(date);

    const rc::Reply ack = f.run("ack " + id + " owner <@U2|dana> cause New checklist &amp; form");
    CHECK(ack.visibility == rc::Visibility::in_channel);
    CHECK_THAT(ack.text, Contains("owner <@U2>"));
    CHECK_THAT(ack.text, Contains("cause: New checklist &amp; form"));
    const auto stored = rs::Investigations(f.db).find("C0CREW", id);
    REQUIRE(stored);
    CHECK(stored->owner == "U2");
    CHECK(stored->cause == "New checklist & form");
    CHECK(stored->opened_by == "U1");

    // It repeats in the next digest and is not flagged again.
    const rc::Reply next = f.run(date);
    CHECK_THAT(next.text, Contains("Open investigations"));
    CHECK_THAT(next.text, Contains("`" + id + "`"));

    const std::string other = f.first_id(rc::format_date(f.planted("reopen_rate").date));
    f.clock.advance(1min);  // the later spelling is the one shown
    f.run("ack " + other + " owner <@U3> cause new checklist & form");
    const rc::Reply causes = f.run("causes");
    CHECK_THAT(causes.text, Contains("1. new checklist &amp; form — 2 times"));

    CHECK_THAT(f.run("ack o-2020-01-01-1 owner <@U2> cause x").text,
               Contains("no outlier `o-2020-01-01-1`"));
    CHECK_THAT(f.run("ack " + id + " owner U2 cause x").text, Contains("Usage: `/outliers ack"));
    CHECK_THAT(f.run("ack " + id + " owner <@U2> cause").text, Contains("Usage"));

    CHECK_THAT(f.run("close " + id + " fixed the form").text, Contains("closed the investigation"));
    CHECK_THAT(f.run("close " + id).text, Contains("no open investigation"));
}

TEST_CASE("/outliers trend escapes request types inside its code block", "[outliers]") {
    Fixture f;
    // Every ticket of one type renamed to something that would ping and break the markup.
    for (auto& ticket : f.data.tickets)
        if (ticket.row.request_type == "billing") ticket.row.request_type = "<!here>&<b>";
    ritualbot::test::store_tickets(f.db, "C0CREW", f.data.tickets);
    const std::string text = f.run("trend reopen_rate 4").text;
    INFO(text);
    CHECK_THAT(text, Contains("&lt;!here&gt;&amp;&lt;b&gt;"));
    CHECK_THAT(text, !Contains("<!here>"));
}

TEST_CASE("/outliers causes with none recorded says how to record one", "[outliers]") {
    Fixture f;
    CHECK_THAT(f.run("causes").text, Contains("No root causes recorded yet"));
}

TEST_CASE("/outliers trend shows a metric week by week by request type", "[outliers]") {
    Fixture f;
    const rc::Reply trend = f.run("trend checklist_skipped_rate 4");
    CHECK_THAT(trend.text, Contains("checklist skipped rate"));
    CHECK_THAT(trend.text, Contains("billing"));
    CHECK_THAT(trend.text, Contains("all"));
    CHECK_THAT(f.run("trend first_response").text, Contains("median first response"));
    CHECK_THAT(f.run("trend happiness").text, Contains("is not a metric"));
    CHECK_THAT(f.run("trend reopen_rate 99").text, Contains("out of range"));
    CHECK_THAT(f.run("trend").text, Contains("Usage: `/outliers trend METRIC [weeks]`"));
}

TEST_CASE("/outliers help comes from the table", "[outliers]") {
    Fixture f;
    const rc::Reply help = f.run("help");
    CHECK_THAT(help.text, Contains("`/outliers ack ID [procedure NAME] owner @u cause TEXT`"));
    CHECK_THAT(help.text, Contains("`/outliers trend METRIC [weeks]`"));
}

TEST_CASE("/outliers uses the zone the crew configured, UTC otherwise", "[outliers]") {
    rs::Database db = ritualbot::test::test_database();
    CHECK(rc::load_channel_config(db, "C0CREW").zone->name() == "UTC");
    rs::ChannelSettingsStore(db).set_time_zone("C0CREW", "Europe/Berlin", 0);
    CHECK(rc::load_channel_config(db, "C0CREW").zone->name() == "Europe/Berlin");
    CHECK(rc::load_channel_config(db, "C0OTHER").zone->name() == "UTC");
}

TEST_CASE("/outliers assign then cause: an owner first, the root cause when found",
          "[outliers]") {
    Fixture f;
    const std::string id = f.first_id(rc::format_date(f.planted("first_response").date));
    CHECK_THAT(f.run("cause " + id + " VPN outage").text, Contains("Nobody is investigating"));
    const rc::Reply assigned = f.run("assign " + id + " <@U2>");
    CHECK(assigned.visibility == rc::Visibility::in_channel);
    CHECK_THAT(assigned.text, Contains("<@U1> asked <@U2> to investigate `" + id + "`"));
    REQUIRE(assigned.effects.posts.size() == 1);
    CHECK(assigned.effects.posts[0].channel == "U2");  // the owner, by DM, with the button
    CHECK(assigned.effects.posts[0].blocks.is_array());
    CHECK_THAT(f.run("show " + rc::format_date(f.planted("first_response").date)).text,
               Contains("owner <@U2>, no cause yet"));

    const rc::Reply caused = f.run("cause " + id + "  VPN   outage ");
    CHECK_THAT(caused.text, Contains("recorded the root cause of `" + id + "`") &&
                                Contains(": VPN   outage."));
    CHECK(rs::Investigations(f.db).find("C0CREW", id)->cause == "VPN   outage");
    CHECK_THAT(f.run("assign " + id + " U2").text,
               Contains("Usage: `/outliers assign ID [procedure NAME] @u`"));
    CHECK_THAT(f.run("cause " + id).text,
               Contains("Usage: `/outliers cause ID [procedure NAME] TEXT`"));
    CHECK_THAT(f.run("help").text, Contains("`/outliers assign ID [procedure NAME] @u`") &&
                                       Contains("`/outliers cause ID [procedure NAME] TEXT`"));

    // Closing an assigned investigation with a note records the note as its cause.
    const std::string other = f.first_id(rc::format_date(f.planted("reopen_rate").date));
    f.run("assign " + other + " <@U3>");
    f.run("close " + other + " Refund form broke");
    CHECK(rs::Investigations(f.db).find("C0CREW", other)->cause == "Refund form broke");
    CHECK_THAT(f.run("causes").text, Contains("VPN   outage — 1 time") &&
                                         Contains("Refund form broke — 1 time"));
}

TEST_CASE("/outliers list shows every outlier, where the digest stops at ten", "[outliers]") {
    Fixture f;
    const std::string date = rc::format_date(f.planted("first_response").date);
    const rc::Reply all = f.run("list " + date);
    CHECK_THAT(all.text, Contains("Outlier digest for " + date));
    CHECK_THAT(all.text, !Contains("more: `/outliers list"));
    CHECK_THAT(f.run("list 2026-01-01 2026-03-01").text, Contains("List 1 to 14 dates"));
}

TEST_CASE("/outliers answers with the digest it kept until what the digest reads changes",
          "[outliers]") {
    Fixture f;
    const auto day = f.data.planted.back().date;
    const std::string yesterday = rc::format_date(day);
    const rc::Reply first = f.run("");  // the channel's changes are counted from now on
    REQUIRE_THAT(first.text, Contains("Outlier digest for " + yesterday));
    CHECK(f.run("").text == first.text);  // built again, and kept
    // The next answer is the kept text (changed here to tell it apart).
    const auto mark_kept = [&f] { f.db.exec("UPDATE digest_texts SET text = 'the kept digest'"); };
    mark_kept();
    CHECK(f.run("").text == "the kept digest");
    CHECK(f.run("show " + yesterday).text == "the kept digest");
    CHECK(f.run("yesterday billing").text != "the kept digest");  // a request type: its own

    // A ticket of that day arrives: the digest is built again, and counts it.
    ritualbot::test::store_tickets(
        f.db, "C0CREW", {ritualbot::test::billing_ticket("T-late", sys_days{day} + 10h)});
    const rc::Reply fresh = f.run("");
    CHECK(fresh.text != "the kept digest");
    CHECK_THAT(fresh.text, Contains("Outlier digest for " + yesterday));
    CHECK(fresh.text != first.text);

    // So does an investigation opened, and a zone set.
    mark_kept();
    const std::string id = f.first_id(yesterday);
    f.run("assign " + id + " <@U2>");
    CHECK_THAT(f.run("").text, Contains("owner <@U2>, no cause yet"));
    mark_kept();
    rs::ChannelSettingsStore(f.db).set_time_zone("C0CREW", "Pacific/Auckland", 0);
    CHECK(f.run("").text != "the kept digest");
}

TEST_CASE("/outliers answers while another process holds the write lock, keeping nothing",
          "[outliers]") {
    ritualbot::test::TempDir dir;
    rs::Database db = rs::Database::open(dir.file("crew.db"));
    const rc::SyntheticTickets data = rc::generate_tickets({});
    ritualbot::test::store_tickets(db, "C0CREW", data.tickets);
    rc::ManualClock clock{sys_days{data.planted.back().date} + days{1} + 9h};
    rc::Context context{&db, clock};
    rc::CommandTable table;
    table.add(rc::make_outliers_command());
    const auto run = [&] {
        return table.dispatch(ritualbot::test::slash_command("/outliers", "", "U1"), context);
    };
    run();  // the day's outlier ids are recorded; the channel's changes counted from now on
    run();  // the text is kept
    // A ticket long before the digest's window: the kept text is stale, the outliers the same.
    ritualbot::test::store_tickets(
        db, "C0CREW", {ritualbot::test::billing_ticket("T-2020", sys_days{year{2020} / 1 / 1})});

    rs::Database importer = rs::Database::open(dir.file("crew.db"));
    importer.exec("BEGIN IMMEDIATE");
    {
        rs::ScopedLockWait brief(db, 20ms);
        rs::Transaction read(db, rs::Transaction::Lock::read);  // as the bot runs a reader
        CHECK_THAT(run().text,
                   Contains("Outlier digest for " + rc::format_date(data.planted.back().date)));
        read.commit();
    }
    importer.exec("ROLLBACK");
    rs::DigestTexts texts(db);
    CHECK_FALSE(texts.find({"C0CREW", rc::format_date(data.planted.back().date), ""},
                           texts.revision("C0CREW").value()));
}
