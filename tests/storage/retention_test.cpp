#include <catch2/catch.hpp>

#include "storage/outbox.hpp"
#include "storage/processed_events.hpp"
#include "storage/retention.hpp"
#include "storage/tickets.hpp"
#include "support/stores.hpp"

using namespace ritualbot::storage;
using ritualbot::test::PostgresStore;
using ritualbot::test::SqliteStore;

namespace {
constexpr std::int64_t kDay = 24LL * 3600 * 1000;
constexpr std::int64_t kNow = 1000 * kDay;

void add_ticket(Database& db, const std::string& id, std::int64_t created_at) {
    TicketRow row;
    row.channel = "C1";
    row.id = id;
    row.created_at = created_at;
    TicketWriter(db).upsert(row);
}
}  // namespace

TEMPLATE_TEST_CASE("retention forgets old event ids, finished outbox rows and old tickets only",
                   "[store]", SqliteStore, PostgresStore) {
    TestType store;
    Database db = store.open();
    ProcessedEvents events(db);
    events.record_if_new("Ev-old", kNow - 2 * kDay);
    events.record_if_new("Ev-new", kNow - 1000);

    Outbox outbox(db);
    outbox.enqueue({"C1", "chat.postMessage", "{}", "sent-old"}, kNow - 40 * kDay);
    outbox.enqueue({"C1", "chat.postMessage", "{}", "pending-old"}, kNow - 40 * kDay);
    outbox.enqueue({"C2", "chat.postMessage", "{}", "sent-recent"}, kNow - 40 * kDay);
    const auto sent_old = outbox.find_by_key("sent-old")->id;
    outbox.mark_sending(sent_old);
    outbox.mark_sent(sent_old, "1.1", kNow - 31 * kDay);
    const auto sent_recent = outbox.find_by_key("sent-recent")->id;
    outbox.mark_sending(sent_recent);
    outbox.mark_sent(sent_recent, "1.2", kNow - 29 * kDay);

    add_ticket(db, "T-old", kNow - 401 * kDay);
    add_ticket(db, "T-new", kNow - 399 * kDay);

    const RetentionReport report = apply_retention(db, kNow, RetentionPolicy{});
    CHECK(report.processed_events == 1);
    CHECK(report.outbox_rows == 1);
    CHECK(report.tickets == 1);
    CHECK_FALSE(events.record_if_new("Ev-new", kNow));  // still remembered
    CHECK(events.record_if_new("Ev-old", kNow));        // forgotten
    CHECK_FALSE(outbox.find_by_key("sent-old"));
    CHECK(outbox.find_by_key("pending-old"));  // never dropped while unsent
    CHECK(outbox.find_by_key("sent-recent"));
    CHECK(Tickets(db).count("C1") == 1);
    CHECK(Tickets(db).find("C1", "T-new"));
}
