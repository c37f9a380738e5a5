#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <string>

#include "config/settings.hpp"
#include "support/temp_dir.hpp"

using namespace ritualbot::config;
using ritualbot::test::TempDir;

namespace {

constexpr const char* kAppToken = "xapp-1-test-A0123456789-1234567890123-deadbeefcafe";
constexpr const char* kBotToken = "xoxb-test-1234567890-0987654321-AbCdEfGhIjKlMnOp";

Environment fake_env(std::map<std::string, std::string> vars) {
    return [vars = std::move(vars)](const std::string& name) -> std::optional<std::string> {
        const auto it = vars.find(name);
        if (it == vars.end()) {
            return std::nullopt;
        }
        return it->second;
    };
}

Settings valid_settings(const TempDir& dir) {
    Settings s;
    s.app_token = kAppToken;
    s.bot_token = kBotToken;
    s.db_path = dir.file("bot.db");
    return s;
}

const Problem* find_problem(const std::vector<Problem>& problems, const std::string& setting) {
    const auto it = std::find_if(problems.begin(), problems.end(),
                                 [&](const Problem& p) { return p.setting == setting; });
    return it == problems.end() ? nullptr : &*it;
}

std::string everything(const std::vector<Problem>& problems) {
    std::string out = describe(problems);
    for (const Problem& p : problems) {
        out += p.setting + p.what + p.fix;
    }
    return out;
}

}  // namespace

TEST_CASE("load uses defaults when nothing is configured") {
    const Loaded loaded = load(fake_env({}));
    CHECK(loaded.problems.empty());
    CHECK(loaded.settings.api_url == "https://slack.com/api/");
    CHECK(loaded.settings.db_path == "./ritualbot.db");
    CHECK(loaded.settings.http_addr == "127.0.0.1:8080");
    CHECK(loaded.settings.log_level == "info");
    CHECK(loaded.settings.app_token.empty());
    CHECK(loaded.settings.config_file.empty());
}

TEST_CASE("load reads every environment variable") {
    const Loaded loaded = load(fake_env({{"SLACK_APP_TOKEN", kAppToken},
                                         {"SLACK_BOT_TOKEN", kBotToken},
                                         {"SLACK_API_URL", "https://127.0.0.1:8443/api/"},
                                         {"RITUALBOT_CA_FILE", "/etc/ca.pem"},
                                         {"RITUALBOT_DB", "/var/lib/rb.db"},
                                         {"RITUALBOT_HTTP_ADDR", "0.0.0.0:9000"},
                                         {"RITUALBOT_INGEST_SECRET", "s3cret"},
                                         {"RITUALBOT_LOG", "debug"}}));
    CHECK(loaded.problems.empty());
    CHECK(loaded.settings.app_token == kAppToken);
    CHECK(loaded.settings.bot_token == kBotToken);
    CHECK(loaded.settings.api_url == "https://127.0.0.1:8443/api/");
    CHECK(loaded.settings.ca_file == "/etc/ca.pem");
    CHECK(loaded.settings.db_path == "/var/lib/rb.db");
    CHECK(loaded.settings.http_addr == "0.0.0.0:9000");
    CHECK(loaded.settings.ingest_secret == "s3cret");
    CHECK(loaded.settings.log_level == "debug");
}

TEST_CASE("load takes the file's values, comments allowed, and the environment wins") {
    TempDir dir;
    const std::string file = dir.write("ritualbot.json", R"({
        // tokens live here on this host
        "app_token": "xapp-1-from-file",
        "bot_token": "xoxb-from-file", /* overridden below */
        "db": "/data/file.db",
        "log": "warn"
    })");
    const Loaded loaded = load(fake_env({{"RITUALBOT_CONFIG", file},
                                         {"SLACK_BOT_TOKEN", kBotToken},
                                         {"RITUALBOT_LOG", ""}}));
    CHECK(loaded.problems.empty());
    CHECK(loaded.settings.config_file == file);
    CHECK(loaded.settings.app_token == "xapp-1-from-file");
    CHECK(loaded.settings.bot_token == kBotToken);
    CHECK(loaded.settings.db_path == "/data/file.db");
    CHECK(loaded.settings.log_level == "warn");  // an empty variable does not override
    CHECK(loaded.settings.api_url == "https://slack.com/api/");
}

TEST_CASE("a malformed config file is reported with its line and column") {
    TempDir dir;
    const std::string file =
        dir.write("bad.json", "{\n  \"db\": \"x.db\",\n  \"log\" \"info\"\n}\n");
    const Loaded loaded = load(fake_env({{"RITUALBOT_CONFIG", file}}));
    REQUIRE(loaded.problems.size() == 1);
    CHECK(loaded.problems[0].setting == file + ":3:14");
    CHECK_THAT(loaded.problems[0].what, Catch::StartsWith("is not valid JSON: syntax error"));
    CHECK(loaded.problems[0].what.find("json.exception") == std::string::npos);
}

// Found by fuzz_config: nlohmann throws out_of_range, not parse_error, for such numbers.
TEST_CASE("a number too large for a double in the config file is a problem, not a crash") {
    TempDir dir;
    const std::string file = dir.write("huge.json", "{\"db\": \"x.db\", \"log\": 1e999}");
    const Loaded loaded = load(fake_env({{"RITUALBOT_CONFIG", file}}));
    REQUIRE(loaded.problems.size() == 1);
    CHECK(loaded.problems[0].setting == file);
    CHECK(loaded.problems[0].what == "is not valid JSON: number overflow parsing '1e999'");
}

TEST_CASE("a token with a raw line break in the config file is not echoed by the parser error") {
    TempDir dir;
    const std::string file =
        dir.write("bad.json", std::string{"{\"bot_token\": \""} + kBotToken + "\n\"}");
    const Loaded loaded = load(fake_env({{"RITUALBOT_CONFIG", file}}));
    REQUIRE(loaded.problems.size() == 1);
    CHECK_THAT(loaded.problems[0].setting, Catch::StartsWith(file + ":1:"));
    CHECK(everything(loaded.problems).find("0987654321") == std::string::npos);
}

TEST_CASE("unknown keys and non-string values in the config file name the key") {
    TempDir dir;
    const std::string file = dir.write(
        "odd.json", R"({"db": 5, "SLACK_BOT_TOKEN": "x", "colour": "blue", "log": "info"})");
    const Loaded loaded = load(fake_env({{"RITUALBOT_CONFIG", file}}));
    REQUIRE(loaded.problems.size() == 3);
    const std::string text = describe(loaded.problems);
    CHECK_THAT(text, Catch::Contains("key \"db\" must be a string, not a number"));
    CHECK_THAT(text, Catch::Contains("unknown key \"SLACK_BOT_TOKEN\""));
    CHECK_THAT(text, Catch::Contains("write \"bot_token\""));
    CHECK_THAT(text, Catch::Contains("unknown key \"colour\""));
    CHECK_THAT(text, Catch::Contains("app_token, bot_token, api_url"));
    CHECK(loaded.settings.db_path == "./ritualbot.db");
    CHECK(loaded.settings.log_level == "info");
}

TEST_CASE("a config file that is missing, a directory or not an object is a problem") {
    TempDir dir;
    const std::string array = dir.write("array.json", "[1, 2]");
    for (const std::string& path : {dir.file("missing.json"), dir.path().string(), array}) {
        INFO(path);
        const Loaded loaded = load(fake_env({{"RITUALBOT_CONFIG", path}}));
        REQUIRE(loaded.problems.size() == 1);
        CHECK_THAT(loaded.problems[0].setting + loaded.problems[0].what, Catch::Contains(path));
    }
}

TEST_CASE("valid settings have no problems") {
    TempDir dir;
    const Settings s = valid_settings(dir);
    CHECK(describe(problems_for_run(s)).empty());
    CHECK(problems_for_database(s).empty());
}

TEST_CASE("missing tokens say how to get them") {
    TempDir dir;
    Settings s = valid_settings(dir);
    s.app_token.clear();
    s.bot_token.clear();
    const auto problems = problems_for_run(s);
    REQUIRE(problems.size() == 2);
    const Problem* app = find_problem(problems, "SLACK_APP_TOKEN");
    const Problem* bot = find_problem(problems, "SLACK_BOT_TOKEN");
    REQUIRE(app);
    REQUIRE(bot);
    CHECK(app->what == "is not set");
    CHECK_THAT(app->fix, Catch::Contains("ritualbot manifest"));
    CHECK_THAT(app->fix, Catch::Contains("connections:write"));
    CHECK_THAT(app->fix, Catch::Contains("Basic Information"));
    CHECK_THAT(app->fix, Catch::Contains("README"));
    CHECK_THAT(bot->fix, Catch::Contains("OAuth & Permissions"));
    CHECK_THAT(bot->fix, Catch::Contains("install"));
    CHECK_THAT(bot->fix, Catch::Contains("README"));
}

TEST_CASE("garbled tokens are problems that show only a redacted token") {
    TempDir dir;
    struct Row {
        const char* app;
        const char* bot;
        const char* setting;
        const char* what;
    };
    const Row rows[] = {
        {kAppToken, "xoxp-test-99887766554433-11223344-9f2a", "SLACK_BOT_TOKEN",
         "does not start with xoxb- (got xoxp-…9f2a)"},
        {kBotToken, kBotToken, "SLACK_APP_TOKEN",
         "does not start with xapp- (got xoxb-…MnOp), which is the bot token"},
        {kAppToken, "xoxb-", "SLACK_BOT_TOKEN", "has nothing after xoxb-"},
        {kAppToken, "xoxb-test-1234567890-abcdef\n", "SLACK_BOT_TOKEN",
         "contains whitespace or a line break (got xoxb-…def\\n)"},
        {kAppToken, "xoxb-test-1234567890 abcdef", "SLACK_BOT_TOKEN",
         "contains whitespace or a line break (got xoxb-…cdef)"},
        {"xapp-1-test-A0123456789-\"quoted\"", kBotToken, "SLACK_APP_TOKEN",
         "contains characters other than letters, digits and '-' (got xapp-…ted\")"},
        {"Bearer xapp-1-test-A0123456789", kBotToken, "SLACK_APP_TOKEN",
         "contains whitespace or a line break (got …89)"},
    };
    for (const Row& row : rows) {
        INFO(row.what);
        Settings s = valid_settings(dir);
        s.app_token = row.app;
        s.bot_token = row.bot;
        const auto problems = problems_for_run(s);
        REQUIRE(problems.size() == 1);
        CHECK(problems[0].setting == row.setting);
        CHECK(problems[0].what == row.what);
    }
}

TEST_CASE("no problem text ever contains a token passed in") {
    TempDir dir;
    const std::string tokens[] = {
        kAppToken,
        kBotToken,
        "xoxp-test-99887766554433-11223344-9f2a9f2a",
        "xoxb-test-1234567890-0987654321-AbCdEfGhIjKlMnOp\n",
        " xoxb-test-1234567890-0987654321-AbCdEfGhIjKlMnOp",
        "xapp-1-test-A0123456789-1234567890123-\"deadbeef\"",
        "xoxb-test-1234567890-0987654321-Ab!dEfGhIjKlMnOp",
        "Bearer xoxb-test-1234567890-0987654321-AbCdEfGhIjKlMnOp",
    };
    for (const std::string& token : tokens) {
        // Every run of 5 characters of the token's body is a leak.
        const std::string body = token.size() > 5 ? token.substr(5) : token;
        for (const bool as_app : {true, false}) {
            Settings s = valid_settings(dir);
            (as_app ? s.app_token : s.bot_token) = token;
            s.api_url = "https://slack.com/api/?token=" + token;
            s.log_level = token;
            s.http_addr = token;
            const std::string text = everything(problems_for_run(s));
            for (std::size_t i = 0; i + 5 <= body.size(); ++i) {
                INFO(token << " leaked " << body.substr(i, 5) << " in: " << text);
                REQUIRE(text.find(body.substr(i, 5)) == std::string::npos);
            }
        }
    }
}

TEST_CASE("api_url must be an http(s) URL with a host, ending in a slash") {
    TempDir dir;
    const char* bad[] = {"slack.com/api/", "ftp://slack.com/api/", "wss://slack.com/api/",
                         "https:///api/", "https://slack.com/api", "http://slack.com/api/"};
    for (const char* url : bad) {
        INFO(url);
        Settings s = valid_settings(dir);
        s.api_url = url;
        const auto problems = problems_for_run(s);
        REQUIRE(problems.size() == 1);
        CHECK(problems[0].setting == "SLACK_API_URL");
    }
    Settings s = valid_settings(dir);
    s.api_url = "http://127.0.0.1:9999/api/";  // plain http is fine to a loopback test server
    CHECK(problems_for_run(s).empty());
}

TEST_CASE("ca_file must be a readable PEM file when set") {
    TempDir dir;
    const std::string pem = dir.write(
        "ca.pem", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
    const std::string not_pem = dir.write("ca.txt", "hello");
    const std::string unreadable = dir.write("locked.pem", "-----BEGIN CERTIFICATE-----\n");
    ::chmod(unreadable.c_str(), 0);

    Settings s = valid_settings(dir);
    s.ca_file = pem;
    CHECK(problems_for_run(s).empty());

    std::vector<std::string> bad = {dir.file("missing.pem"), dir.path().string(), not_pem};
    if (::geteuid() != 0) {  // root reads any file
        bad.push_back(unreadable);
    }
    for (const std::string& path : bad) {
        INFO(path);
        s.ca_file = path;
        const auto problems = problems_for_run(s);
        REQUIRE(problems.size() == 1);
        CHECK(problems[0].setting == "RITUALBOT_CA_FILE");
        CHECK_THAT(problems[0].what, Catch::Contains(path));
    }
}

TEST_CASE("the database path must be usable") {
    TempDir dir;
    const std::string not_dir = dir.write("plain-file", "");
    const std::string bad[] = {"", dir.file("nope/bot.db"), dir.path().string(),
                               not_dir + "/bot.db"};
    for (const std::string& path : bad) {
        INFO(path);
        Settings s = valid_settings(dir);
        s.db_path = path;
        const auto problems = problems_for_database(s);
        REQUIRE(problems.size() == 1);
        CHECK(problems[0].setting == "RITUALBOT_DB");
        CHECK(problems_for_run(s).size() == 1);
    }
    Settings s = valid_settings(dir);
    s.db_path = "relative.db";  // the current directory
    CHECK(problems_for_database(s).empty());
    s.db_path = "sqlite://" + dir.file("nope/bot.db");  // a sqlite:// URL's path is checked too
    CHECK(problems_for_database(s).size() == 1);
    s.db_path = "postgresql://bot@db.internal/ritualbot";  // checked by connecting
    CHECK(problems_for_database(s).empty());
    s.db_path = "mysql://bot:s3cret@db/ritualbot";
    const auto unknown = problems_for_database(s);
    REQUIRE(unknown.size() == 1);
    CHECK_THAT(unknown[0].what, Catch::Contains("mysql://bot:***@db/ritualbot"));
}

TEST_CASE("log level, log format and http_addr are validated") {
    TempDir dir;
    Settings s = valid_settings(dir);
    s.log_level = "verbose";
    s.log_format = "xml";
    s.http_addr = "8080";
    s.ticket_retention_days = "-5";
    const auto problems = problems_for_run(s);
    REQUIRE(problems.size() == 4);
    CHECK(find_problem(problems, "RITUALBOT_TICKET_RETENTION_DAYS"));
    s.ticket_retention_days = "30";
    CHECK(ticket_retention_days(s) == 30);
    s.ticket_retention_days = "99999";
    CHECK(ticket_retention_days(s) == 0);
    CHECK(find_problem(problems, "RITUALBOT_LOG"));
    CHECK(find_problem(problems, "RITUALBOT_LOG_FORMAT"));
    CHECK(find_problem(problems, "RITUALBOT_HTTP_ADDR"));
    CHECK(is_known_log_level("error"));
    CHECK_FALSE(is_known_log_level("INFO"));
}

TEST_CASE("describe writes one line per problem") {
    const std::vector<Problem> problems = {
        {"SLACK_BOT_TOKEN", "does not start with xoxb- (got xoxp-…9f2a)",
         "copy the Bot User OAuth Token from OAuth & Permissions"},
        {"RITUALBOT_LOG", "is not a known level (got \"x\")", "use one of debug, info"},
    };
    CHECK(describe(problems) ==
          "SLACK_BOT_TOKEN: does not start with xoxb- (got xoxp-…9f2a). Fix: copy the Bot User "
          "OAuth Token from OAuth & Permissions\n"
          "RITUALBOT_LOG: is not a known level (got \"x\"). Fix: use one of debug, info\n");
    CHECK(describe({}).empty());
}

TEST_CASE("process_environment reads the real environment") {
    ::setenv("RITUALBOT_TEST_PROBE", "yes", 1);
    const Environment env = process_environment();
    CHECK(env("RITUALBOT_TEST_PROBE") == std::optional<std::string>{"yes"});
    ::unsetenv("RITUALBOT_TEST_PROBE");
    CHECK_FALSE(env("RITUALBOT_TEST_PROBE"));
}

TEST_CASE("helpdesk credentials and the sync interval come from the environment or the file") {
    TempDir dir;
    const std::string file = dir.file("ritualbot.json");
    {
        std::ofstream out(file);
        out << R"({"zendesk_email": "agent@acme.test", "zendesk_token": "zd-file-token-1234",
                   "sync_interval": "600"})";
    }
    const Loaded loaded = load(fake_env({{"RITUALBOT_CONFIG", file},
                                         {"RITUALBOT_FRESHDESK_API_KEY", "fd-env-key-5678"}}));
    REQUIRE(loaded.problems.empty());
    CHECK(loaded.settings.zendesk_email == "agent@acme.test");
    CHECK(loaded.settings.zendesk_token == "zd-file-token-1234");
    CHECK(loaded.settings.freshdesk_api_key == "fd-env-key-5678");
    CHECK(sync_interval_seconds(loaded.settings) == 600);
    CHECK(problems_for_helpdesks(loaded.settings).empty());
}

TEST_CASE("a Zendesk token without its e-mail and a bad sync interval are problems that hide the token") {
    Settings settings;
    settings.zendesk_token = "zd-secret-token-9999";
    settings.sync_interval_seconds = "5";
    const auto problems = problems_for_helpdesks(settings);
    REQUIRE(find_problem(problems, "RITUALBOT_ZENDESK_EMAIL") != nullptr);
    REQUIRE(find_problem(problems, "RITUALBOT_SYNC_INTERVAL") != nullptr);
    CHECK(describe(problems).find("zd-secret-token-9999") == std::string::npos);
}

TEST_CASE("RITUALBOT_ADMINS lists user ids - anything else is a problem") {
    Settings settings;
    settings.app_token = kAppToken;
    settings.bot_token = kBotToken;
    settings.admins = " U0ANA, W0BEN ,,U0ANA";
    CHECK(admin_ids(settings) == std::vector<std::string>{"U0ANA", "W0BEN"});
    CHECK(describe(problems_for_run(settings)).find("RITUALBOT_ADMINS") == std::string::npos);

    settings.admins = "U0ANA, @ben";
    CHECK(admin_ids(settings) == std::vector<std::string>{"U0ANA"});
    const std::string problems = describe(problems_for_run(settings));
    CHECK(problems.find("RITUALBOT_ADMINS: holds \"@ben\", which is not a Slack user id") !=
          std::string::npos);

    const auto loaded = load(fake_env({{"RITUALBOT_ADMINS", "U0ANA"}}));
    CHECK(loaded.settings.admins == "U0ANA");
}

TEST_CASE("RITUALBOT_SOCKETS over Slack's 10 per app is refused with the limit named") {
    TempDir dir;
    Settings s = valid_settings(dir);
    CHECK(socket_count(s) == 2);
    CHECK(lease_seconds(s) == 30);
    s.sockets = "11";
    s.lease_seconds = "0";
    const auto problems = problems_for_run(s);
    const Problem* sockets = find_problem(problems, "RITUALBOT_SOCKETS");
    REQUIRE(sockets != nullptr);
    CHECK_THAT(sockets->what, Catch::Contains("at most 10") && Catch::Contains("11"));
    CHECK(find_problem(problems, "RITUALBOT_LEASE_SECONDS") != nullptr);
    s.sockets = "10";
    s.lease_seconds = "2";
    CHECK(problems_for_run(s).empty());
}
