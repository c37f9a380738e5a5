// Ticket data in (CSV import, signed HTTP ingest) and the digest out (CLI and /outliers).

#include "bot/http/signature.hpp"
#include "bot_fixture.hpp"
#include "http_get.hpp"

#include <fstream>

using namespace ritualbot::testing;

namespace {

struct CliRun {
    int exit_code = -1;
    std::string output;
};

CliRun run_cli(const std::vector<std::string>& args, const std::string& dir) {
    BotProcess process(RITUALBOT_BINARY, args, {{"RITUALBOT_DB", dir + "/ritualbot.db"}},
                       dir + "/cli.log");
    CliRun run;
    REQUIRE(process.wait_for_exit(30s, &run.exit_code));
    run.output = process.log();
    return run;
}

int digest_ticket_count(const std::string& dir, const std::string& date) {
    const CliRun digest = run_cli({"digest", "--channel", "C0CREW", "--date", date, "--format", "json"}, dir);
    INFO(digest.output);
    REQUIRE(digest.exit_code == 0);
    return nlohmann::json::parse(digest.output).at("tickets").get<int>();
}

// v1: signed for `channel` (the crew's unless said otherwise).
std::string signature_headers(const std::string& secret, const std::string& body, long long at,
                              const std::string& channel = "C0CREW") {
    const std::string timestamp = std::to_string(at);
    return "X-Ritualbot-Timestamp: " + timestamp + "\r\nX-Ritualbot-Signature: " +
           ritualbot::bot::http::sign_request_v1(secret, timestamp, channel, body) + "\r\n";
}

std::string v0_signature_headers(const std::string& secret, const std::string& body, long long at) {
    const std::string timestamp = std::to_string(at);
    return "X-Ritualbot-Timestamp: " + timestamp + "\r\nX-Ritualbot-Signature: " +
           ritualbot::bot::http::sign_request(secret, timestamp, body) + "\r\n";
}

long long unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace

TEST_CASE("import reports each rejected row by line, keeps the rest, and the digest sees them") {
    BotFixture scene;  // only for its temporary directory
    const std::string csv = scene.dir + "/tickets.csv";
    std::ofstream(csv, std::ios::binary)
        << "\xEF\xBB\xBF"  // a UTF-8 BOM, as spreadsheets write it
        << "ID,Created_At,resolved_at,request_type,csat,tags,notes\r\n"
        << "T-1,2026-11-20T09:00:00Z,2026-11-20T10:00:00Z,billing,5,vip;refund,\"said \"\"thanks\"\", twice\"\r\n"
        << "T-2,2026-11-20T09:30:00+01:00,,\"login, sso\",,,\"line one\nline two\"\r\n"
        << "T-3,yesterday-ish,,billing,4,,\r\n"
        << "T-4,2026-11-20T11:00:00Z,,billing,6,,\r\n"
        << ",2026-11-20T11:00:00Z,,billing,3,,\r\n";
    const CliRun import = run_cli({"import", "--channel", "C0CREW", "--file", csv}, scene.dir);
    INFO(import.output);
    CHECK(import.exit_code == 1);
    CHECK_THAT(import.output, Catch::Contains("line 5:") && Catch::Contains("line 6:") &&
                                  Catch::Contains("line 7:") && Catch::Contains("2 accepted"));
    CHECK(digest_ticket_count(scene.dir, "2026-11-20") == 2);

    // Re-importing the same file changes nothing (upsert by id).
    run_cli({"import", "--channel", "C0CREW", "--file", csv}, scene.dir);
    CHECK(digest_ticket_count(scene.dir, "2026-11-20") == 2);
}

TEST_CASE("digest --from --to covers several dates - bad ranges are refused with the usage") {
    BotFixture scene;  // only for its temporary directory
    const std::string csv = scene.dir + "/tickets.csv";
    std::ofstream(csv, std::ios::binary) << "id,created_at,request_type\r\n"
                                         << "T-1,2026-11-20T09:00:00Z,billing\r\n"
                                         << "T-2,2026-11-21T09:00:00Z,billing\r\n"
                                         << "T-3,2026-11-22T09:00:00Z,login\r\n"
                                         << "T-4,2026-11-23T09:00:00Z,login\r\n";
    REQUIRE(run_cli({"import", "--channel", "C0CREW", "--file", csv}, scene.dir).exit_code == 0);
    const CliRun weekend = run_cli({"digest", "--channel", "C0CREW", "--from", "2026-11-20", "--to",
                                    "2026-11-22", "--format", "json"},
                                   scene.dir);
    INFO(weekend.output);
    REQUIRE(weekend.exit_code == 0);
    const auto json = nlohmann::json::parse(weekend.output);
    CHECK(json.at("from") == "2026-11-20");
    CHECK(json.at("to") == "2026-11-22");
    CHECK(json.at("date") == "2026-11-22");
    CHECK(json.at("tickets") == 3);
    CHECK(digest_ticket_count(scene.dir, "2026-11-23") == 1);  // --date keeps its meaning

    for (const std::vector<std::string>& bad :
         {std::vector<std::string>{"--from", "2026-11-22", "--to", "2026-11-20"},
          {"--from", "2026-11-01", "--to", "2026-11-30"},
          {"--from", "2026-11-20"},
          {"--date", "2026-11-20", "--from", "2026-11-20", "--to", "2026-11-21"}}) {
        std::vector<std::string> args{"digest", "--channel", "C0CREW"};
        args.insert(args.end(), bad.begin(), bad.end());
        const CliRun refused = run_cli(args, scene.dir);
        INFO(refused.output);
        CHECK(refused.exit_code == 64);
        CHECK_THAT(refused.output, Catch::Contains("--to"));
    }
}

TEST_CASE("POST /ingest/tickets: signed batches are applied, anything else changes nothing") {
    BotFixture scene;
    const std::string secret = "ingest-secret-for-tests";
    scene.start({{"RITUALBOT_INGEST_SECRET", secret}});
    INFO(scene.log());
    REQUIRE(scene.bot->wait_for_log("http.listening", 10s));
    REQUIRE(scene.bot->wait_for_log("bot.conversations", 10s));  // where the bot is, from Slack
    const int port = listening_port(scene.log());
    const std::string target = "/ingest/tickets?channel=C0CREW";

    const std::string batch =
        R"({"id":"N-1","created_at":"2026-11-20T08:00:00Z","request_type":"billing","escalated":true})" "\n"
        R"({"id":"N-2","created_at":"2026-11-20T08:10:00Z","csat":2})" "\n"
        R"({"id":"N-3","created_at":"2026-11-20T08:20:00Z","csat":11})" "\n";
    const HttpAnswer applied = http_request(port, "POST", target, signature_headers(secret, batch, unix_now()), batch);
    INFO(applied.body);
    CHECK(applied.status == 200);
    const auto answer = nlohmann::json::parse(applied.body);
    CHECK(answer["accepted"] == 2);
    REQUIRE(answer["rejected"].size() == 1);
    CHECK(answer["rejected"][0]["item"] == 3);

    const std::string other =
        R"([{"id":"X-1","created_at":"2026-11-20T09:00:00Z"}])";
    CHECK(http_request(port, "POST", target, signature_headers("wrong-secret", other, unix_now()), other).status == 401);
    CHECK(http_request(port, "POST", target, signature_headers(secret, other, unix_now() - 600), other).status == 401);
    CHECK(http_request(port, "POST", target, "", other).status == 401);
    CHECK(http_request(port, "POST", "/ingest/tickets", signature_headers(secret, other, unix_now()), other).status == 400);
    const std::string huge(9 * 1024 * 1024, ' ');
    CHECK(http_request(port, "POST", target, signature_headers(secret, huge, unix_now()), huge).status == 413);

    CHECK(digest_ticket_count(scene.dir, "2026-11-20") == 2);

    // The digest on demand, in Slack.
    const auto ack = scene.slack.wait_for_ack(scene.slack.push_slash_command("/outliers", "2026-11-20"), 3s);
    REQUIRE(ack);
    CHECK(ack->payload["response_type"] == "ephemeral");
    CHECK_THAT(ack->payload.dump(), Catch::Contains("2026-11-20"));
}

TEST_CASE("POST /ingest/tickets is scoped: no replay, no other channel, no v0, per-channel secrets") {
    BotFixture scene;
    const std::string secret = "global-ingest-secret";
    const std::string dm_secret = "secret-of-ana-dm";
    scene.start({{"RITUALBOT_INGEST_SECRET", secret}, {"RITUALBOT_INGEST_SECRET_D0ANA", dm_secret}});
    INFO(scene.log());
    REQUIRE(scene.bot->wait_for_log("bot.conversations", 10s));
    const int port = listening_port(scene.log());
    const auto batch = [](const std::string& id) {
        return R"([{"id":")" + id + R"(","created_at":"2026-11-20T08:00:00Z"}])";
    };

    // A captured request: applied once, refused when sent again, to its channel or another.
    const std::string captured_body = batch("R-1");
    const std::string captured = signature_headers(secret, captured_body, unix_now());
    REQUIRE(http_request(port, "POST", "/ingest/tickets?channel=C0CREW", captured, captured_body).status == 200);
    const HttpAnswer again = http_request(port, "POST", "/ingest/tickets?channel=C0CREW", captured, captured_body);
    CHECK(again.status == 401);
    CHECK_THAT(again.body, Catch::Contains("already used"));
    const HttpAnswer moved = http_request(port, "POST", "/ingest/tickets?channel=D0BEN", captured, captured_body);
    CHECK(moved.status == 401);
    CHECK_THAT(moved.body, Catch::Contains("does not match"));

    // v0 does not sign the channel: refused unless the operator opts in.
    const std::string v0_body = batch("R-2");
    const HttpAnswer v0 = http_request(port, "POST", "/ingest/tickets?channel=C0CREW",
                                       v0_signature_headers(secret, v0_body, unix_now()), v0_body);
    CHECK(v0.status == 401);
    CHECK_THAT(v0.body, Catch::Contains("v1:<timestamp>:<channel>"));

    // A conversation the bot is not in, correctly signed: refused by name.
    const std::string nowhere_body = batch("R-3");
    const HttpAnswer nowhere = http_request(port, "POST", "/ingest/tickets?channel=C0NOWHERE",
                                            signature_headers(secret, nowhere_body, unix_now(), "C0NOWHERE"),
                                            nowhere_body);
    CHECK(nowhere.status == 404);
    CHECK_THAT(nowhere.body, Catch::Contains("C0NOWHERE is not a conversation the bot is in"));
    CHECK(http_request(port, "POST", "/ingest/tickets?channel=c0crew%3Ax", signature_headers(secret, nowhere_body, unix_now(), "c0crew:x"),
                       nowhere_body).status == 400);

    // D0ANA has its own secret: the global one no longer writes there.
    const std::string dm_body = batch("R-4");
    CHECK(http_request(port, "POST", "/ingest/tickets?channel=D0ANA",
                       signature_headers(secret, dm_body, unix_now(), "D0ANA"), dm_body).status == 401);
    CHECK(http_request(port, "POST", "/ingest/tickets?channel=D0ANA",
                       signature_headers(dm_secret, dm_body, unix_now(), "D0ANA"), dm_body).status == 200);

    // DNS rebinding: a page on another name re-pointed at 127.0.0.1 is not answered.
    CHECK(http_request(port, "GET", "/metrics", "Host: rebound.example:" + std::to_string(port) + "\r\n").status == 421);
    CHECK(http_request(port, "GET", "/healthz", "Host: localhost:" + std::to_string(port) + "\r\n").status == 200);

    CHECK(digest_ticket_count(scene.dir, "2026-11-20") == 1);  // R-1 only: the crew's
}

TEST_CASE("RITUALBOT_INGEST_ALLOW_V0=1 accepts v0 signatures, with a warning in the log") {
    BotFixture scene;
    scene.start({{"RITUALBOT_INGEST_SECRET", "s"}, {"RITUALBOT_INGEST_ALLOW_V0", "1"}});
    INFO(scene.log());
    REQUIRE(scene.bot->wait_for_log("bot.conversations", 10s));
    CHECK(scene.bot->wait_for_log("ingest.v0_allowed", 1s));
    const std::string body = R"([{"id":"V-1","created_at":"2026-11-20T08:00:00Z"}])";
    CHECK(http_request(listening_port(scene.log()), "POST", "/ingest/tickets?channel=C0CREW",
                       v0_signature_headers("s", body, unix_now()), body).status == 200);
}

TEST_CASE("/outliers trend over half a year runs on the worker - acked at once and answered after") {
    BotFixture scene;
    scene.start_connected();
    const std::string id = scene.slack.push_slash_command("/outliers", "trend reopen_rate 26");
    const auto ack = scene.slack.wait_for_ack(id, 3s);
    REQUIRE(ack);
    CHECK_THAT(ack->payload.value("text", ""), Catch::Contains("Working on it"));
    INFO(scene.log());
    REQUIRE(scene.slack.wait_for_calls("chat.postEphemeral", 1, 10s));
    const ApiCall answer = scene.slack.calls("chat.postEphemeral").front();
    CHECK(answer.args.value("channel", "") == "C0CREW");
    CHECK(answer.args.value("user", "") == "U0ALICE");
    CHECK_THAT(answer.args.value("text", ""), Catch::Contains("26 weeks"));
    CHECK_THAT(scene.log(), Catch::Contains("command.deferred"));
}
