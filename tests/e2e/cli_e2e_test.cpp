// The ritualbot binary's command line: configuration errors, manifest, migrate, backup.

#include "bot_process.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <map>

#include "storage/database.hpp"
#include "storage/tickets.hpp"
#include "support/stores.hpp"

using namespace ritualbot::testing;
using namespace std::chrono_literals;

namespace {

struct CliRun {
    int exit_code = -1;
    std::string output;
};

CliRun run_cli(std::vector<std::string> args, std::map<std::string, std::string> env,
               const std::string& dir) {
    BotProcess process(RITUALBOT_BINARY, std::move(args), std::move(env), dir + "/cli.log");
    CliRun run;
    REQUIRE(process.wait_for_exit(20s, &run.exit_code));
    run.output = process.log();
    return run;
}

struct TempDir {
    std::string path = make_temp_dir("ritualbot-cli-");
    ~TempDir() { remove_tree(path); }
};

}  // namespace

TEST_CASE("a malformed token makes `run` exit non-zero, naming the variable, never the token") {
    TempDir dir;
    const std::string bad_bot_token = "xoxp-test-1234567890-secretsecret";
    const CliRun run = run_cli({"run"},
                               {{"SLACK_APP_TOKEN", "xapp-1-test-A0FAKE-1-fake"},
                                {"SLACK_BOT_TOKEN", bad_bot_token},
                                {"RITUALBOT_DB", dir.path + "/bot.db"}},
                               dir.path);
    INFO(run.output);
    CHECK(run.exit_code == 1);
    CHECK_THAT(run.output, Catch::Contains("SLACK_BOT_TOKEN") && Catch::Contains("xoxb-"));
    CHECK(run.output.find(bad_bot_token) == std::string::npos);
}

TEST_CASE("`run` without tokens explains how to get them") {
    TempDir dir;
    const CliRun run = run_cli({"run"}, {{"RITUALBOT_DB", dir.path + "/bot.db"}}, dir.path);
    INFO(run.output);
    CHECK(run.exit_code == 1);
    CHECK_THAT(run.output, Catch::Contains("SLACK_APP_TOKEN") && Catch::Contains("SLACK_BOT_TOKEN") &&
                               Catch::Contains("manifest"));
}

TEST_CASE("`manifest` prints the Socket Mode app manifest as JSON") {
    TempDir dir;
    const CliRun run = run_cli({"manifest"}, {}, dir.path);
    CHECK(run.exit_code == 0);
    const auto manifest = nlohmann::json::parse(run.output);
    CHECK(manifest["settings"]["socket_mode_enabled"] == true);
    std::vector<std::string> commands;
    for (const auto& command : manifest["features"]["slash_commands"]) commands.push_back(command["command"]);
    CHECK(commands ==
          std::vector<std::string>{"/captain", "/suggest", "/outliers", "/playbook", "/incident",
                                   "/ritual"});
}

TEST_CASE("`migrate` creates the schema and `backup` copies a consistent database") {
    TempDir dir;
    const std::map<std::string, std::string> env = {{"RITUALBOT_DB", dir.path + "/bot.db"}};
    const CliRun migrate = run_cli({"migrate"}, env, dir.path);
    INFO(migrate.output);
    CHECK(migrate.exit_code == 0);
    CHECK_THAT(migrate.output, Catch::Contains("schema version"));

    const CliRun backup = run_cli({"backup", dir.path + "/copy.db"}, env, dir.path);
    INFO(backup.output);
    CHECK(backup.exit_code == 0);
    CHECK(std::ifstream(dir.path + "/copy.db").good());

    const CliRun again = run_cli({"migrate"}, {{"RITUALBOT_DB", dir.path + "/copy.db"}}, dir.path);
    CHECK(again.exit_code == 0);
}

TEST_CASE(
    "`migrate --to` copies a SQLite database into PostgreSQL and checks every table's count") {
    TempDir dir;
    ritualbot::test::PostgresStore postgres;
    const std::string file = dir.path + "/bot.db";
    {
        auto db = ritualbot::storage::Database::open(file);
        db.exec(R"sql(
INSERT INTO captain_roster VALUES ('C0CREW', 'U0ALICE', 1, 0, 1), ('C0CREW', 'U0BOB', 2, 0, 1);
INSERT INTO suggestion_rounds (id, channel, number, state, created_at) VALUES (7, 'C0CREW', 1, 'voting', 1);
INSERT INTO suggestions (id, channel, round_id, author, anonymous, text, created_at)
    VALUES (40, 'C0CREW', 7, 'U0ALICE', 0, 'Shorter macros', 1);
INSERT INTO suggestion_votes VALUES (7, 40, 'U0BOB', 2);
INSERT INTO tickets (channel, id, created_at, resolved_at, tags, updated_at, requester_hash)
    VALUES ('C0CREW', 'T-1', 1000, 5000, 'billing refund', 1, -42);
INSERT INTO audit_log (channel, actor, action, detail, at) VALUES ('C0CREW', 'U0ALICE', 'x', 'y', 1);
)sql");
    }
    const std::map<std::string, std::string> sqlite_env = {{"RITUALBOT_DB", file}};
    const CliRun copy = run_cli({"migrate", "--to", postgres.url()}, sqlite_env, dir.path);
    INFO(copy.output);
    CHECK(copy.exit_code == 0);
    CHECK_THAT(copy.output, Catch::Contains("every table's count matches"));
    CHECK_THAT(copy.output, Catch::Matches("(.|\n)*suggestion_votes +1 rows(.|\n)*"));
    CHECK(copy.output.find(std::getenv("PGPASSWORD") ? std::getenv("PGPASSWORD") : "\x01") ==
          std::string::npos);

    // What the crew sees is the same on both, and hashed requesters keep matching.
    const std::map<std::string, std::string> postgres_env = {{"RITUALBOT_DB", postgres.url()}};
    const CliRun before = run_cli({"export", "--channel", "C0CREW"}, sqlite_env, dir.path);
    const CliRun after = run_cli({"export", "--channel", "C0CREW"}, postgres_env, dir.path);
    CHECK(after.exit_code == 0);
    auto exported_before = nlohmann::json::parse(before.output);
    auto exported_after = nlohmann::json::parse(after.output);
    exported_before.erase("schema_version");  // each engine numbers its own migrations
    exported_after.erase("schema_version");
    CHECK(exported_after == exported_before);
    auto sqlite = ritualbot::storage::Database::open(file);
    auto copied = postgres.open();
    CHECK(ritualbot::storage::Tickets(copied).requester_key() ==
          ritualbot::storage::Tickets(sqlite).requester_key());
    // Ids go on after the copied ones.
    copied.exec(
        "INSERT INTO suggestion_rounds (channel, number, state, created_at) "
        "VALUES ('C0CREW', 2, 'collecting', 3)");

    // Into a database that holds data: refused, nothing changed.
    const CliRun again = run_cli({"migrate", "--to", postgres.url()}, sqlite_env, dir.path);
    CHECK(again.exit_code == 1);
    CHECK_THAT(again.output, Catch::Contains("already holds data"));
}

TEST_CASE("unknown commands and missing arguments are usage errors") {
    TempDir dir;
    CHECK(run_cli({"frobnicate"}, {}, dir.path).exit_code == 64);
    CHECK(run_cli({"backup"}, {{"RITUALBOT_DB", dir.path + "/bot.db"}}, dir.path).exit_code == 64);
    const CliRun help = run_cli({"--help"}, {}, dir.path);
    CHECK(help.exit_code == 0);
    CHECK_THAT(help.output, Catch::Contains("doctor") && Catch::Contains("backup FILE"));
}
