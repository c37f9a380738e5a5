// One sync step at a time against scripted helpdesk answers (the fixtures): what is stored,
// where the cursor moves, what a 429 leaves behind. The real HTTPS path is in tests/e2e.

#include <catch2/catch.hpp>

#include <deque>

#include "commands/connectors/source_command.hpp"
#include "commands/connectors/sync_step.hpp"
#include "helpdesk_fixtures.hpp"
#include "storage/helpdesk_sources.hpp"
#include "storage/tickets.hpp"
#include "support/test_database.hpp"

using namespace ritualbot;
using namespace ritualbot::commands;
using Catch::Contains;
using ritualbot::test::helpdesk_fixture;

namespace {

constexpr std::int64_t kNow = 1764000000000;  // 2025-11-24

// Answers requests from a script, keeping the URLs asked for.
struct ScriptedHelpdesk final : HelpdeskFetcher {
    std::deque<HttpReply> replies;
    std::vector<std::string> urls;
    HttpReply get(const std::string&, const std::string& url) override {
        urls.push_back(url);
        REQUIRE_FALSE(replies.empty());
        HttpReply reply = replies.front();
        replies.pop_front();
        return reply;
    }
};

struct Fixture {
    storage::Database db = ritualbot::test::test_database();
    ScriptedHelpdesk helpdesk;
    std::vector<Post> posted;

    explicit Fixture(const char* kind, const char* url) {
        REQUIRE(add_source(db, "C1", kind, url, 90, "U1", kNow).has_value());
    }

    StepOutcome step(const char* kind, bool ratings = false) {
        return sync_step(db, {"C1", kind, ratings}, helpdesk, kNow,
                         [this](const Effects& effects, const std::string&) {
                             for (const Post& post : effects.posts) posted.push_back(post);
                             return effects.posts.size();
                         });
    }

    storage::HelpdeskSource source(const char* kind) {
        return *storage::HelpdeskSources(db).find("C1", kind);
    }
};

}  // namespace

TEST_CASE("a Zendesk step stores a page with its cursor and announces the finished backfill") {
    Fixture f("zendesk", "https://acme.zendesk.com/");
    storage::TicketRow deleted_earlier;
    deleted_earlier.channel = "C1";
    deleted_earlier.id = "35439";
    deleted_earlier.created_at = kNow - 1000;
    {
        storage::TicketWriter writer(f.db);
        writer.upsert(deleted_earlier);
    }
    f.helpdesk.replies.push_back({200, helpdesk_fixture("zendesk_export_page.json"), {}, ""});

    const StepOutcome outcome = f.step("zendesk");
    CHECK(outcome.result == StepResult::caught_up);
    CHECK(outcome.stored == 4);
    CHECK(outcome.deleted == 1);
    REQUIRE(f.helpdesk.urls.size() == 1);
    CHECK(f.helpdesk.urls[0] ==
          "https://acme.zendesk.com/api/v2/incremental/tickets/cursor.json?start_time=" +
              std::to_string((kNow - 90LL * 24 * 3600 * 1000) / 1000) +
              "&include=metric_sets&per_page=1000");

    storage::Tickets tickets(f.db);
    CHECK(tickets.count("C1") == 4);
    CHECK_FALSE(tickets.find("C1", "35439").has_value());
    CHECK(tickets.find("C1", "35436")->recontact == true);  // its follow-up came on the page

    const storage::HelpdeskSource source = f.source("zendesk");
    CHECK(source.cursor == "MTc2MzgyNzIwMC4wfHwzNTQ0MHw=");
    CHECK(source.backfill_done_at == kNow);
    CHECK(source.tickets_seen == 4);
    REQUIRE(f.posted.size() == 1);
    CHECK(f.posted[0].text == "Imported 4 tickets from Zendesk, Aug 26 – Nov 24");
}

TEST_CASE("a Zendesk 429 changes nothing but the source's last error and the next step resumes") {
    Fixture f("zendesk", "https://acme.zendesk.com");
    f.helpdesk.replies.push_back({429, "", std::chrono::seconds(7), ""});
    const StepOutcome limited = f.step("zendesk");
    CHECK(limited.result == StepResult::rate_limited);
    CHECK(limited.retry_after == std::chrono::seconds(7));
    CHECK(storage::Tickets(f.db).count("C1") == 0);
    CHECK_FALSE(f.source("zendesk").cursor.has_value());
    CHECK_THAT(f.source("zendesk").last_error, Contains("429"));

    f.helpdesk.replies.push_back({200, helpdesk_fixture("zendesk_export_page.json"), {}, ""});
    f.helpdesk.replies.push_back(
        {200, R"({"tickets":[],"after_cursor":"next+/=","end_of_stream":true})", {}, ""});
    CHECK(f.step("zendesk").result == StepResult::caught_up);
    CHECK(f.source("zendesk").last_error.empty());
    CHECK(f.step("zendesk").result == StepResult::caught_up);
    CHECK_THAT(f.helpdesk.urls.back(), Contains("cursor=MTc2MzgyNzIwMC4wfHwzNTQ0MHw%3D&"));
    CHECK(f.source("zendesk").cursor == "next+/=");
    CHECK(f.posted.size() == 1);  // the backfill is announced once
}

TEST_CASE("refused credentials fail the step and say which settings to check") {
    Fixture f("freshdesk", "https://acme.freshdesk.com");
    f.helpdesk.replies.push_back({401, R"({"code":"invalid_credentials"})", {}, ""});
    const StepOutcome outcome = f.step("freshdesk");
    CHECK(outcome.result == StepResult::failed);
    CHECK_THAT(f.source("freshdesk").last_error, Contains("RITUALBOT_FRESHDESK_API_KEY"));
}

TEST_CASE("a Freshdesk pass reads the tickets then the ratings") {
    Fixture f("freshdesk", "https://acme.freshdesk.com");
    f.helpdesk.replies.push_back({200, helpdesk_fixture("freshdesk_tickets.json"), {}, ""});
    const StepOutcome tickets = f.step("freshdesk");
    CHECK(tickets.result == StepResult::more);
    CHECK(tickets.ratings_next);
    CHECK(tickets.stored == 3);
    CHECK_THAT(f.helpdesk.urls[0], Contains("/api/v2/tickets?updated_since="));
    CHECK_THAT(f.helpdesk.urls[0], Contains("&order_by=updated_at&order_type=asc&include=stats"));
    CHECK(f.source("freshdesk").cursor == "2026-11-21T12:30:00Z|1");

    f.helpdesk.replies.push_back({200, helpdesk_fixture("freshdesk_ratings.json"), {}, ""});
    const StepOutcome ratings = f.step("freshdesk", true);
    CHECK(ratings.result == StepResult::caught_up);
    CHECK_THAT(f.helpdesk.urls[1], Contains("/api/v2/surveys/satisfaction_ratings?created_since="));
    CHECK(storage::Tickets(f.db).find("C1", "501")->csat == 5);
    CHECK(storage::Tickets(f.db).find("C1", "502")->csat == 1);
    CHECK(f.posted.size() == 1);
}
