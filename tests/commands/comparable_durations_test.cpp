// Durations judged against comparable tickets (DESIGN.md "Outlier method"): first response by
// contact path, resolution by request type, each by type × path where that pair has enough
// tickets; the `why` names the group.

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>

#include <date/tz.h>

#include "commands/outliers/comparable.hpp"
#include "commands/outliers/digest.hpp"
#include "commands/ticket_data/generator.hpp"
#include "support/test_database.hpp"
#include "ticket_fixtures.hpp"

namespace rc = ritualbot::commands;
namespace rs = ritualbot::storage;
using namespace std::chrono;
using Catch::Contains;
using ritualbot::test::utc;

namespace {

double first_response_s(const rc::Ticket& t) {
    return static_cast<double>(*t.row.first_response_at - t.row.created_at) / 1000.0;
}

double quantile(std::vector<double> values, double q) {
    std::sort(values.begin(), values.end());
    return values[static_cast<std::size_t>(q * static_cast<double>(values.size() - 1))];
}

const rc::Outlier* flagging(const rc::Digest& digest, const std::string& metric,
                            const std::string& ticket) {
    for (const auto& o : digest.outliers) {
        if (o.metric == metric &&
            std::find(o.tickets.begin(), o.tickets.end(), ticket) != o.tickets.end()) {
            return &o;
        }
    }
    return nullptr;
}

std::int64_t at(int day, int hour) {
    return duration_cast<milliseconds>(
               (sys_days{year{2026} / October / 1} + days{day} + hours{hour}).time_since_epoch())
        .count();
}

}  // namespace

TEST_CASE("comparison groups: the leading dimension, type by path first, the crew last",
          "[digest][comparable]") {
    const auto& first_response = *rc::find_duration_metric("first_response");
    const auto& resolution = *rc::find_duration_metric("resolution");
    rs::TicketRow t;
    t.request_type = "billing";
    t.contact_channel = "chat";
    const rc::Segment pair{"request_type+channel", "billing+chat"};
    CHECK(rc::comparison_groups(first_response, t) ==
          std::vector<rc::Segment>{pair, {"channel", "chat"}, rc::kAllSegment});
    CHECK(rc::comparison_groups(resolution, t) ==
          std::vector<rc::Segment>{pair, {"request_type", "billing"}, rc::kAllSegment});
    t.contact_channel.reset();
    CHECK(rc::comparison_groups(first_response, t) ==
          std::vector<rc::Segment>{{"request_type", "billing"}, rc::kAllSegment});
    t.request_type.reset();
    CHECK(rc::comparison_groups(resolution, t) == std::vector<rc::Segment>{rc::kAllSegment});
    CHECK(rc::group_name(pair) == "billing by chat");
    CHECK(rc::group_name({"channel", "chat"}) == "chat");
    CHECK(rc::group_name(rc::kAllSegment) == "all tickets");
}

// Held-out data: each request type arrives by every path, and a chat is answered in minutes
// where an e-mail takes the better part of an hour. First responses planted at what is ordinary
// for an e-mail of the same type (its 90th percentile) are far beyond any chat's, and are found.
TEST_CASE("a chat answered as slowly as an ordinary e-mail is flagged against chats",
          "[digest][comparable]") {
    for (const std::uint64_t seed : {3u, 5u, 7u, 9u}) {
        rc::GeneratorOptions options;
        options.seed = seed;
        options.days = 42 + 30;
        options.plant_outliers = false;
        auto data = rc::generate_tickets(options);
        std::map<std::string, std::vector<double>> email, chat;  // first response by type
        for (const auto& t : data.tickets) {
            if (t.row.contact_channel == "email")
                email[*t.row.request_type].push_back(first_response_s(t));
            if (t.row.contact_channel == "chat")
                chat[*t.row.request_type].push_back(first_response_s(t));
        }
        // One chat ticket on each of five weekdays (day 0 is a Saturday), spread over the month
        // after the history.
        std::vector<std::pair<year_month_day, std::string>> planted;
        for (const int d : {45, 51, 59, 66, 69}) {
            const year_month_day day{sys_days{options.first_day} + days{d}};
            const std::int64_t from =
                duration_cast<milliseconds>(sys_days{day}.time_since_epoch()).count();
            const std::int64_t to = from + 24 * 3600 * 1000;
            const auto it =
                std::find_if(data.tickets.begin(), data.tickets.end(), [&](const rc::Ticket& t) {
                    return t.row.created_at >= from && t.row.created_at < to &&
                           t.row.contact_channel == "chat";
                });
            REQUIRE(it != data.tickets.end());
            const std::string& type = *it->row.request_type;
            const double seconds = quantile(email[type], 0.9);
            CHECK(seconds > 10 * quantile(chat[type], 0.5));  // far beyond a chat's usual
            it->row.first_response_at =
                it->row.created_at + static_cast<std::int64_t>(seconds * 1000);
            it->row.resolved_at = std::max(*it->row.resolved_at, *it->row.first_response_at);
            planted.emplace_back(day, it->row.id);
        }
        rs::Database db = ritualbot::test::test_database();
        ritualbot::test::store_tickets(db, "C1", data.tickets);
        for (const auto& [day, id] : planted) {
            const rc::Digest digest = rc::build_digest(db, "C1", day, utc());
            INFO("seed " << seed << ", " << id << " on " << rc::format_date(day));
            const rc::Outlier* found = flagging(digest, "first_response", id);
            REQUIRE(found != nullptr);
            CHECK(found->kind == rc::OutlierKind::ticket);
            CHECK(found->segment.value.ends_with("chat"));
            CHECK_THAT(found->why, Contains("chat (median of " + std::to_string(found->n) + ")"));
        }
    }
}

// A pair with too few tickets of its own falls back to the path: five "refund" chats in the
// baseline, thirty "billing" chats answered in about ten minutes.
TEST_CASE("a type by path pair with too few tickets is judged against its path",
          "[digest][comparable]") {
    std::vector<rc::Ticket> tickets;
    const auto chat = [&](const std::string& id, int day, const char* type, int minutes) {
        rc::Ticket t;
        t.row.id = id;
        t.row.created_at = at(day, 10);
        t.row.first_response_at = t.row.created_at + std::int64_t{minutes} * 60 * 1000;
        t.row.request_type = type;
        t.row.contact_channel = "chat";
        t.row.fields = rs::bit(rs::TicketField::first_response_at) |
                       rs::bit(rs::TicketField::request_type) |
                       rs::bit(rs::TicketField::contact_channel);
        tickets.push_back(std::move(t));
    };
    for (int i = 0; i < 30; ++i) chat('B' + std::to_string(i), i % 27, "billing", 8 + i % 5);
    for (int i = 0; i < 5; ++i) chat('R' + std::to_string(i), i, "refund", 9 + i);
    chat("SLOW", 28, "refund", 300);
    rs::Database db = ritualbot::test::test_database();
    ritualbot::test::store_tickets(db, "C1", tickets);
    const rc::Digest digest = rc::build_digest(db, "C1", year{2026} / October / 29, utc());
    const rc::Outlier* found = flagging(digest, "first_response", "SLOW");
    REQUIRE(found != nullptr);
    CHECK(found->segment == rc::Segment{"channel", "chat"});
    CHECK(found->n == 35);
    CHECK_THAT(found->why,
               Contains("first response 5h") && Contains("usual 10m for chat (median of 35)"));
}
