// The running bot polls its helpdesk sources on the worker: the fake Zendesk over loopback TLS
// (its CA and the fake Slack's in one RITUALBOT_CA_FILE), the backfill announced in the channel,
// the status in `/outliers source list`, /readyz and /metrics, and a restart mid-backfill.

#include "bot_fixture.hpp"
#include "fake_helpdesk.hpp"
#include "http_get.hpp"

#include <fstream>
#include <sstream>
#include <thread>

#include "storage/database.hpp"
#include "storage/helpdesk_sources.hpp"
#include "storage/tickets.hpp"

using namespace ritualbot::testing;
namespace rs = ritualbot::storage;
using Catch::Contains;

namespace {

nlohmann::json zendesk_fixture() {
    std::ifstream file(std::string(RITUALBOT_FIXTURES_DIR) + "/helpdesk/zendesk_export_page.json");
    REQUIRE(file);
    return nlohmann::json::parse(file);
}

std::string read_file(const std::string& path) {
    std::ifstream file(path);
    std::ostringstream text;
    text << file.rdbuf();
    return text.str();
}

struct PollingScene {
    BotFixture scene;
    FakeHelpdesk helpdesk;

    PollingScene() {
        helpdesk.zendesk_put_page(zendesk_fixture());
        std::ofstream(scene.dir + "/ca.pem")
            << read_file(scene.slack.ca_file()) << read_file(helpdesk.ca_file());
    }

    std::map<std::string, std::string> environment() const {
        auto env = scene.environment();
        env["RITUALBOT_CA_FILE"] = scene.dir + "/ca.pem";
        env["RITUALBOT_ZENDESK_EMAIL"] = "agent@acme.test";
        env["RITUALBOT_ZENDESK_TOKEN"] = "zd-secret-token-0002";
        return env;
    }

    // The source, added from the command line before the bot starts, with no spacing.
    void add_source() {
        for (std::vector<std::string> args :
             {std::vector<std::string>{"source", "add", "--channel", "C0CREW", "zendesk",
                                       helpdesk.base_url()},
              std::vector<std::string>{"source", "set", "--channel", "C0CREW", "zendesk", "spacing",
                                       "0"}}) {
            BotProcess cli(RITUALBOT_BINARY, args, environment(), scene.dir + "/cli.log");
            int exit_code = -1;
            REQUIRE(cli.wait_for_exit(20s, &exit_code));
            REQUIRE(exit_code == 0);
        }
    }

    void start() {
        scene.start(environment());
        INFO(scene.log());
        REQUIRE(scene.slack.wait_for_connections(1, 20s));
    }

    bool announced() {
        for (const auto& message : scene.slack.messages("C0CREW")) {
            if (message.value("text", "").starts_with("Imported 4 tickets from Zendesk"))
                return true;
        }
        return false;
    }

    bool wait_for_announcement() {
        for (int i = 0; i < 300 && !announced(); ++i) std::this_thread::sleep_for(100ms);
        return announced();
    }
};

}  // namespace

TEST_CASE(
    "the running bot polls a fake Zendesk and says in the channel when the backfill is done") {
    PollingScene s;
    s.helpdesk.set_zendesk_page_cap(2);
    s.helpdesk.fail_later(1, 429, 1);
    s.add_source();
    s.start();
    INFO(s.scene.log());
    REQUIRE(s.wait_for_announcement());
    CHECK_THAT(s.scene.log(), Contains("helpdesk.page") && Contains("result=rate_limited"));
    CHECK(s.scene.log().find("zd-secret-token-0002") == std::string::npos);

    const auto listed = s.scene.slack.wait_for_ack(
        s.scene.slack.push_slash_command("/outliers", "source list"), 5s);
    REQUIRE(listed);
    CHECK_THAT(listed->payload.dump(), Contains("tickets seen: 4"));

    REQUIRE(s.scene.bot->wait_for_log("http.listening", 5s));
    const int port = listening_port(s.scene.log());
    const HttpAnswer ready = http_request(port, "GET", "/readyz");
    CHECK(ready.status == 200);
    CHECK_THAT(ready.body, Contains("source C0CREW/zendesk: ok"));
    CHECK_THAT(
        http_request(port, "GET", "/metrics").body,
        Contains("ritualbot_helpdesk_tickets_total{channel=\"C0CREW\",source=\"zendesk\"} 4"));

    // A ticket solved between polls; `/outliers source sync` polls at once.
    nlohmann::json page = zendesk_fixture();
    nlohmann::json changed = page["tickets"][1];
    changed["status"] = "solved";
    nlohmann::json metric_set = page["metric_sets"][1];
    metric_set["solved_at"] = "2026-11-21T09:00:00Z";
    s.helpdesk.zendesk_put(changed, metric_set);
    const std::size_t before = s.helpdesk.requests().size();
    REQUIRE(s.scene.slack.wait_for_ack(s.scene.slack.push_slash_command("/outliers", "source sync"),
                                       5s));
    for (int i = 0; i < 100 && s.helpdesk.requests().size() == before; ++i)
        std::this_thread::sleep_for(100ms);
    REQUIRE(s.scene.bot->wait_for_log("pass_total=1", 10s));
    s.scene.bot->terminate();
    auto db = rs::Database::open(s.scene.dir + "/ritualbot.db");
    CHECK(rs::Tickets(db).count("C0CREW") == 4);
    CHECK(rs::Tickets(db).find("C0CREW", "35437")->resolved_at.has_value());
}

TEST_CASE("a bot killed mid-backfill resumes from the stored cursor: no duplicate and no gap") {
    PollingScene s;
    s.helpdesk.set_zendesk_page_cap(1);
    s.helpdesk.fail_later(2, 429, 120, 1);  // after two pages: wait two minutes
    s.add_source();
    s.start();
    INFO(s.scene.log());
    REQUIRE(s.scene.bot->wait_for_log("result=rate_limited", 30s));
    s.scene.bot->kill_now();
    {
        auto db = rs::Database::open(s.scene.dir + "/ritualbot.db");
        CHECK(rs::Tickets(db).count("C0CREW") == 2);
    }

    s.start();
    REQUIRE(s.wait_for_announcement());
    const auto requests = s.helpdesk.requests();
    std::size_t from_start = 0;
    for (const std::string& r : requests) from_start += r.find("start_time=") != std::string::npos;
    CHECK(from_start == 1);  // the second bot went on from the cursor
    s.scene.bot->terminate();
    auto db = rs::Database::open(s.scene.dir + "/ritualbot.db");
    CHECK(rs::Tickets(db).count("C0CREW") == 4);
    CHECK(rs::HelpdeskSources(db).find("C0CREW", "zendesk")->tickets_seen == 4);
}
