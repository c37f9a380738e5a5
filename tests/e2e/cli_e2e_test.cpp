// The ritualbot binary's command line: configuration errors, manifest, migrate, backup.

#include "bot_process.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <map>

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

TEST_CASE("unknown commands and missing arguments are usage errors") {
    TempDir dir;
    CHECK(run_cli({"frobnicate"}, {}, dir.path).exit_code == 64);
    CHECK(run_cli({"backup"}, {{"RITUALBOT_DB", dir.path + "/bot.db"}}, dir.path).exit_code == 64);
    const CliRun help = run_cli({"--help"}, {}, dir.path);
    CHECK(help.exit_code == 0);
    CHECK_THAT(help.output, Catch::Contains("doctor") && Catch::Contains("backup FILE"));
}
