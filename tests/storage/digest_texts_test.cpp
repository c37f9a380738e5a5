// The digest's inputs revision and the texts kept per revision (issue 18, `/outliers` on a kept
// digest): every write to what a digest reads raises its channel's revision, on both engines.

#include <catch2/catch.hpp>

#include "storage/channel_settings.hpp"
#include "storage/database.hpp"
#include "storage/digest_texts.hpp"
#include "storage/investigations.hpp"
#include "storage/outlier_settings.hpp"
#include "storage/retention.hpp"
#include "storage/tickets.hpp"
#include "support/investigation_row.hpp"
#include "support/stores.hpp"

using namespace ritualbot::storage;
using ritualbot::test::PostgresStore;
using ritualbot::test::SqliteStore;

namespace {

TicketRow ticket(const std::string& channel, const std::string& id, std::int64_t created_at) {
    TicketRow row;
    row.channel = channel;
    row.id = id;
    row.created_at = created_at;
    return row;
}

}  // namespace

TEMPLATE_TEST_CASE("a digest text is found only at the revision it was kept at", "[store]",
                   SqliteStore, PostgresStore) {
    TestType store;
    Database db = store.open();
    DigestTexts texts(db);
    const DigestTextKey key{"C1", "2026-11-30", ""};
    CHECK_FALSE(texts.revision("C1"));
    TicketWriter(db).upsert(ticket("C1", "T0", 1000));
    CHECK_FALSE(texts.revision("C1"));  // not counted yet: no cost per ticket
    texts.start_counting("C1");
    texts.start_counting("C1");  // once
    CHECK(texts.revision("C1") == 0);
    CHECK_FALSE(texts.find(key, 0));

    texts.keep(key, 0, "digest at 0", 1);
    CHECK(texts.find(key, 0) == "digest at 0");
    CHECK_FALSE(texts.find({"C1", "2026-11-30", "billing"}, 0));  // another request type
    CHECK_FALSE(texts.find({"C1", "2026-11-29", ""}, 0));         // another day
    CHECK_FALSE(texts.find({"C2", "2026-11-30", ""}, 0));         // another channel

    TicketWriter(db).upsert(ticket("C1", "T1", 1000));
    const std::int64_t after_ticket = texts.revision("C1").value();
    CHECK(after_ticket > 0);
    CHECK_FALSE(texts.find(key, after_ticket));

    // Keeping a text at the new revision drops the channel's texts of older ones.
    texts.keep({"C1", "2026-11-29", ""}, after_ticket, "digest at 1", 2);
    CHECK_FALSE(texts.find(key, 0));
    CHECK(texts.find({"C1", "2026-11-29", ""}, after_ticket) == "digest at 1");
    // Kept again for the same key: replaced.
    texts.keep({"C1", "2026-11-29", ""}, after_ticket, "digest at 1, again", 3);
    CHECK(texts.find({"C1", "2026-11-29", ""}, after_ticket) == "digest at 1, again");

    CHECK(texts.clear() == 1);
    CHECK_FALSE(texts.find({"C1", "2026-11-29", ""}, after_ticket));
}

TEMPLATE_TEST_CASE("every write to what a digest reads raises its channel's revision", "[store]",
                   SqliteStore, PostgresStore) {
    TestType store;
    Database db = store.open();
    DigestTexts texts(db);
    texts.start_counting("C1");
    texts.start_counting("C2");
    std::int64_t seen = 0;
    const auto raised = [&] {
        const std::int64_t now = texts.revision("C1").value();
        const bool up = now > seen;
        seen = now;
        return up;
    };

    TicketWriter(db).upsert(ticket("C1", "T1", 1000));
    CHECK(raised());
    TicketRow changed = ticket("C1", "T1", 1000);
    changed.csat = 2;
    TicketWriter(db).upsert(changed);
    CHECK(raised());
    Tickets tickets(db);
    CHECK(tickets.set_csat("C1", "T1", 5));
    CHECK(raised());
    CHECK(tickets.mark_recontacted("C1", "T1"));
    CHECK(raised());
    CHECK(tickets.remove("C1", "T1"));
    CHECK(raised());

    Investigations investigations(db);
    investigations.open(ritualbot::test::investigation("o-1", "", 10));
    CHECK(raised());
    CHECK(investigations.record_cause("C1", "o-1", "VPN outage", 20));
    CHECK(raised());
    CHECK(investigations.close("C1", "o-1", "fixed", 30));
    CHECK(raised());

    OutlierSettingsStore(db).set_mapping("C1", OutlierMapping::repeat_info_tag, "repeat", 40);
    CHECK(raised());
    ChannelSettingsStore(db).set_time_zone("C1", "Europe/Berlin", 50);
    CHECK(raised());
    ChannelSettingsStore(db).set_metric("C1", "reopen_rate", 60);
    CHECK(raised());

    // Retention's deletes count too, and it forgets every kept text.
    TicketWriter(db).upsert(ticket("C1", "T2", 1000));
    CHECK(raised());
    texts.keep({"C1", "2026-11-30", ""}, seen, "kept", 70);
    RetentionPolicy policy;
    policy.tickets_ms = 1;
    const RetentionReport report = apply_retention(db, 5000, policy);
    CHECK(report.tickets == 1);
    CHECK(report.digest_texts == 1);
    CHECK(raised());
    CHECK_FALSE(texts.find({"C1", "2026-11-30", ""}, seen));
    CHECK(texts.revision("C2") == 0);
}
