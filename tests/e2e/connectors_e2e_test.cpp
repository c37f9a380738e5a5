// The helpdesk connectors end to end: the real binary's `source` and `sync` verbs against the
// fake Zendesk and Freshdesk over loopback TLS (certificates checked against their test CA).

#include "bot_process.hpp"
#include "fake_helpdesk.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <sstream>

#include "storage/database.hpp"
#include "storage/helpdesk_sources.hpp"
#include "storage/outbox.hpp"
#include "storage/tickets.hpp"

using namespace ritualbot::testing;
using namespace std::chrono_literals;
namespace rs = ritualbot::storage;
using Catch::Contains;

namespace {

constexpr const char* kZendeskToken = "zd-secret-token-0001";
constexpr const char* kFreshdeskKey = "fd-secret-key-0001";
// base64("agent@acme.test/token:zd-secret-token-0001") and base64("fd-secret-key-0001:X").
constexpr const char* kZendeskAuth =
    "Basic YWdlbnRAYWNtZS50ZXN0L3Rva2VuOnpkLXNlY3JldC10b2tlbi0wMDAx";
constexpr const char* kFreshdeskAuth = "Basic ZmQtc2VjcmV0LWtleS0wMDAxOlg=";

nlohmann::json fixture(const std::string& name) {
    std::ifstream file(std::string(RITUALBOT_FIXTURES_DIR) + "/helpdesk/" + name);
    REQUIRE(file);
    return nlohmann::json::parse(file);
}

struct Scene {
    FakeHelpdesk helpdesk;
    std::string dir = make_temp_dir("ritualbot-connectors-");
    ~Scene() { remove_tree(dir); }

    std::map<std::string, std::string> environment() const {
        return {{"RITUALBOT_DB", dir + "/bot.db"},
                {"RITUALBOT_CA_FILE", helpdesk.ca_file()},
                {"RITUALBOT_ZENDESK_EMAIL", "agent@acme.test"},
                {"RITUALBOT_ZENDESK_TOKEN", kZendeskToken},
                {"RITUALBOT_FRESHDESK_API_KEY", kFreshdeskKey}};
    }

    // Runs `ritualbot ARGS…`; returns its output, requiring the exit code.
    std::string run(std::vector<std::string> args, int expected_exit = 0) {
        BotProcess process(RITUALBOT_BINARY, std::move(args), environment(), dir + "/cli.log");
        int exit_code = -1;
        REQUIRE(process.wait_for_exit(60s, &exit_code));
        const std::string output = process.log();
        INFO(output);
        CHECK(exit_code == expected_exit);
        CHECK(output.find(kZendeskToken) == std::string::npos);
        CHECK(output.find(kFreshdeskKey) == std::string::npos);
        return output;
    }

    void add(const std::string& kind) {
        run({"source", "add", "--channel", "C1", kind, helpdesk.base_url()});
        run({"source", "set", "--channel", "C1", kind, "spacing", "0"});
    }
};

std::size_t count_of(const std::vector<std::string>& requests, const std::string& needle) {
    std::size_t n = 0;
    for (const std::string& r : requests) n += r.find(needle) != std::string::npos;
    return n;
}

}  // namespace

TEST_CASE(
    "ritualbot sync pages a fake Zendesk to the end through a 429 and stores each ticket once") {
    Scene scene;
    scene.helpdesk.expect_authorization(kZendeskAuth);
    scene.helpdesk.set_zendesk_page_cap(2);
    scene.helpdesk.zendesk_put_page(fixture("zendesk_export_page.json"));
    scene.helpdesk.fail_later(1, 429, 1);  // the second page is refused once
    scene.add("zendesk");
    scene.run({"source", "set", "--channel", "C1", "zendesk", "request_type", "tag-prefix:rt_"});

    const std::string output = scene.run({"sync", "--channel", "C1"});
    CHECK_THAT(output, Contains("caught up") && Contains("429"));
    const auto requests = scene.helpdesk.requests();
    REQUIRE(requests.size() == 4);  // page 1, the 429, page 2 again, page 3
    CHECK(requests[1] == requests[2]);
    CHECK_THAT(requests[0], Contains("start_time=") && Contains("include=metric_sets"));

    {
        auto db = rs::Database::open(scene.dir + "/bot.db");
        rs::Tickets tickets(db);
        CHECK(tickets.count("C1") == 4);  // 35439 was deleted
        CHECK(tickets.find("C1", "35436")->recontact == true);
        CHECK(tickets.find("C1", "35436")->request_type == "billing");
        CHECK(tickets.find("C1", "35437")->escalated == true);
        const auto source = rs::HelpdeskSources(db).find("C1", "zendesk");
        CHECK(source->backfill_done_at.has_value());
        CHECK(source->tickets_seen == 4);
        CHECK(rs::Outbox(db).depth() == 1);  // "Imported 4 tickets from Zendesk, …"
    }

    // Between polls a ticket is solved: the next pass resumes from the stored cursor and
    // updates that row; nothing is duplicated.
    nlohmann::json page = fixture("zendesk_export_page.json");
    nlohmann::json changed = page["tickets"][1];
    changed["status"] = "solved";
    changed["generated_timestamp"] = changed["generated_timestamp"].get<long>() + 3600;
    nlohmann::json metric_set = page["metric_sets"][1];
    metric_set["solved_at"] = "2026-11-21T09:00:00Z";
    scene.helpdesk.zendesk_put(changed, metric_set);
    scene.run({"sync", "--channel", "C1"});
    const auto later = scene.helpdesk.requests();
    REQUIRE(later.size() == 5);
    CHECK_THAT(later[4], Contains("cursor=c"));
    auto db = rs::Database::open(scene.dir + "/bot.db");
    rs::Tickets tickets(db);
    CHECK(tickets.count("C1") == 4);
    CHECK(tickets.find("C1", "35437")->resolved_at.has_value());
    CHECK(rs::Outbox(db).depth() == 1);  // the backfill is announced once
}

TEST_CASE("a sync stopped mid-backfill resumes from the stored cursor without gap or duplicate") {
    Scene scene;
    scene.helpdesk.set_zendesk_page_cap(1);
    scene.helpdesk.zendesk_put_page(fixture("zendesk_export_page.json"));
    scene.helpdesk.fail_later(2, 401, 0, 100);  // credentials revoked after two pages
    scene.add("zendesk");
    const std::string stopped = scene.run({"sync", "--channel", "C1"}, 1);
    CHECK_THAT(stopped, Contains("RITUALBOT_ZENDESK_TOKEN"));
    {
        auto db = rs::Database::open(scene.dir + "/bot.db");
        CHECK(rs::Tickets(db).count("C1") == 2);
        const auto source = rs::HelpdeskSources(db).find("C1", "zendesk");
        CHECK_FALSE(source->backfill_done_at.has_value());
        CHECK_THAT(source->last_error, Contains("refused the credentials"));
        CHECK_THAT(scene.run({"source", "list", "--channel", "C1"}), Contains("last error"));
    }
    scene.helpdesk.fail_later(0, 401, 0, 0);
    scene.run({"sync", "--channel", "C1"});
    const auto requests = scene.helpdesk.requests();
    CHECK(count_of(requests, "start_time=") == 1);  // the second run went on from the cursor
    CHECK_THAT(requests[3], Contains("cursor=c2%3D%3D"));
    auto db = rs::Database::open(scene.dir + "/bot.db");
    CHECK(rs::Tickets(db).count("C1") == 4);
    CHECK(rs::HelpdeskSources(db).find("C1", "zendesk")->tickets_seen == 4);
}

TEST_CASE("ritualbot sync reads a fake Freshdesk's tickets and satisfaction ratings") {
    Scene scene;
    scene.helpdesk.expect_authorization(kFreshdeskAuth);
    for (const auto& ticket : fixture("freshdesk_tickets.json"))
        scene.helpdesk.freshdesk_put(ticket);
    for (const auto& rating : fixture("freshdesk_ratings.json"))
        scene.helpdesk.freshdesk_rate(rating);
    // The first sync reads a year back, to before the fixture's November.
    scene.run({"source", "add", "--channel", "C1", "freshdesk", scene.helpdesk.base_url(), "--days",
               "400"});
    scene.run({"source", "set", "--channel", "C1", "freshdesk", "spacing", "0"});
    CHECK_THAT(scene.run({"sync", "--channel", "C1"}), Contains("caught up"));
    auto db = rs::Database::open(scene.dir + "/bot.db");
    rs::Tickets tickets(db);
    CHECK(tickets.count("C1") == 3);
    CHECK(tickets.find("C1", "501")->csat == 5);
    CHECK(tickets.find("C1", "502")->reopens == 1);
    CHECK(tickets.find("C1", "502")->source == "freshdesk");
}

TEST_CASE("a sync without the helpdesk's credentials says which settings are missing") {
    Scene scene;
    scene.add("zendesk");
    BotProcess process(RITUALBOT_BINARY, {"sync", "--channel", "C1"},
                       {{"RITUALBOT_DB", scene.dir + "/bot.db"}}, scene.dir + "/cli.log");
    int exit_code = -1;
    REQUIRE(process.wait_for_exit(30s, &exit_code));
    CHECK(exit_code == 1);
    CHECK_THAT(process.log(), Contains("RITUALBOT_ZENDESK_EMAIL and RITUALBOT_ZENDESK_TOKEN"));
    CHECK(scene.helpdesk.requests().empty());
}
