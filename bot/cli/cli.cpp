#include "bot/cli/cli.hpp"

#include "bot/app.hpp"
#include "bot/cli/data.hpp"
#include "bot/cli/doctor.hpp"
#include "bot/cli/healthcheck.hpp"
#include "bot/cli/source.hpp"
#include "bot/runtime/log.hpp"
#include "bot/sandbox/run_sandbox.hpp"
#include "config/database_location.hpp"
#include "config/manifest.hpp"
#include "storage/copy_database.hpp"
#include "storage/database.hpp"

#include <cstdio>
#include <exception>
#include <filesystem>
#include <string_view>

namespace ritualbot::bot {
namespace {

constexpr int kUsageError = 64;  // EX_USAGE

constexpr std::string_view kUsage =
    R"(ritualbot - the rituals of a support crew in Slack (captain, suggestions, outliers)

Usage: ritualbot COMMAND [ARGS]

Commands:
  run            connect to Slack over Socket Mode and serve (needs both tokens)
  sandbox [--listen HOST:PORT] [--fresh] [--db FILE]
                 the real bot against a local Slack you use in the browser (no tokens);
                 page at http://127.0.0.1:8080/, data in ./ritualbot-sandbox.db
  doctor         check the tokens, the granted scopes and Socket Mode against Slack
  manifest       print the Slack app manifest (JSON) to create the app from
  migrate        apply pending database migrations and exit
  migrate --to URL
                 copy this SQLite database into a new PostgreSQL database at URL
  backup FILE    copy the live database to FILE (SQLite online backup)
  healthcheck    exit 0 when the running bot answers GET /healthz (for containers)
  import --channel C --file tickets.csv
                 import tickets (CSV); lists each rejected row; exit 1 if any was rejected
  digest --channel C [--date YYYY-MM-DD | --from YYYY-MM-DD --to YYYY-MM-DD]
         [--format text|json|blocks]
                 print the outlier digest for a day (default: yesterday in the channel's zone)
                 or for dates FROM to TO, as the scheduled digest after a weekend posts it
  export --channel C [--format json]
                 print all of a channel's ritual state (votes as counts), to take it elsewhere
  source add --channel C zendesk|freshdesk URL [--days N]
  source list --channel C | source remove --channel C KIND
  source set --channel C KIND request_type field:ID|tag-prefix:PREFIX|none
  source set --channel C KIND spacing MS|default
                 the helpdesks a channel's tickets are polled from (first sync: N days,
                 default 90; spacing: time between requests, default the documented limit)
  sync --channel C
                 one sync pass over the channel's sources now, printing each page
  help           show this text (also --help, -h)
  version        print the version (also --version)

Environment:
  SLACK_APP_TOKEN          app-level token (xapp-...) with connections:write
  SLACK_BOT_TOKEN          bot token (xoxb-...)
  SLACK_API_URL            Web API base URL (default https://slack.com/api/)
  RITUALBOT_CA_FILE        extra trusted CA certificate, PEM (default: system store only)
  RITUALBOT_DB             SQLite file (default ./ritualbot.db), sqlite:///path or
                           postgresql://USER@HOST/DB (the rest from PG* variables)
  RITUALBOT_HTTP_ADDR      HTTP listener address (default 127.0.0.1:8080)
  RITUALBOT_HTTP_ALLOWED_HOSTS  more Host names the listener answers to (comma-separated)
  RITUALBOT_INGEST_SECRET  signing secret for POST /ingest/tickets (v1 signatures)
  RITUALBOT_INGEST_SECRET_<CHANNEL>  a secret for one channel only (the global one no longer
                           writes there)
  RITUALBOT_INGEST_ALLOW_V0  1 accepts v0 signatures, which do not sign the channel (unsafe)
  RITUALBOT_CONFIG         JSON config file with the same settings (environment wins)
  RITUALBOT_LOG            log level: debug, info, warn, error (default info)
  RITUALBOT_ZENDESK_EMAIL, RITUALBOT_ZENDESK_TOKEN
                           Zendesk API token and the e-mail of its agent (never via Slack)
  RITUALBOT_FRESHDESK_API_KEY  Freshdesk API key
  RITUALBOT_SYNC_INTERVAL  seconds between helpdesk polls (default 300)
  RITUALBOT_SOCKETS        Socket Mode connections of this instance (default 2; at most
                           10 per app across all instances)
  RITUALBOT_LEASE_SECONDS  how soon other instances take over a dead one's channels and
                           helpdesk sources (default 30)
)";

int print_problems(const std::vector<config::Problem>& problems) {
    std::fprintf(stderr, "ritualbot cannot start:\n%s", config::describe(problems).c_str());
    return 1;
}

// `migrate --to URL`: the SQLite database RITUALBOT_DB names, copied into the (new, empty)
// database at URL; prints each table's row count.
int copy_to(const config::Settings& settings, const std::string& target) {
    auto from =
        storage::Database::open(settings.db_path, storage::Database::Migrate::refuse_pending);
    if (from.is_postgres()) {
        std::fputs(
            "ritualbot migrate --to copies a SQLite database: set RITUALBOT_DB to its file\n",
            stderr);
        return kUsageError;
    }
    auto to = storage::Database::open(target);
    const auto copied = storage::copy_database(from, to);
    std::int64_t rows = 0;
    for (const auto& table : copied) {
        std::printf("%-24s %10lld rows\n", table.table.c_str(), static_cast<long long>(table.rows));
        rows += table.rows;
    }
    std::printf("copied %lld rows in %zu tables from %s to %s; every table's count matches\n",
                static_cast<long long>(rows), copied.size(), from.path().c_str(),
                to.path().c_str());
    return 0;
}

int migrate_database(const config::Settings& settings) {
    const auto location = config::parse_database_location(settings.db_path);
    if (location && location->engine == config::DatabaseEngine::sqlite &&
        !std::filesystem::exists(location->target)) {
        auto db = storage::Database::open(settings.db_path);
        std::printf("database %s created at schema version %d\n", db.path().c_str(),
                    db.schema_version());
        return 0;
    }
    auto db = storage::Database::open(settings.db_path, storage::Database::Migrate::as_is);
    const storage::MigrationReport report = storage::migrate(db);
    if (report.from_version == 0) {
        std::printf("database %s created at schema version %d\n", db.path().c_str(),
                    report.to_version);
    } else if (report.from_version == report.to_version) {
        std::printf("database %s is up to date (schema version %d)\n", db.path().c_str(),
                    report.to_version);
    } else {
        std::printf("database %s migrated from schema version %d to %d\n", db.path().c_str(),
                    report.from_version, report.to_version);
    }
    return 0;
}

}  // namespace

int run_cli(const std::vector<std::string>& args, const config::Environment& env) {
    const std::string command = args.empty() ? "help" : args[0];
    if (command == "help" || command == "--help" || command == "-h") {
        std::fputs(kUsage.data(), stdout);
        return 0;
    }
    if (command == "version" || command == "--version") {
        std::puts("ritualbot 0.1.0");
        return 0;
    }
    if (command == "manifest") {
        std::fputs(config::manifest_json().data(), stdout);
        return 0;
    }

    const config::Loaded loaded = config::load(env);
    if (!loaded.problems.empty()) return print_problems(loaded.problems);
    const config::Settings& settings = loaded.settings;
    log::set_level(settings.log_level);
    log::set_format(settings.log_format);

    try {
        if (command == "run" || command == "doctor") {
            if (args.size() > 1) {
                std::fprintf(stderr, "ritualbot %s takes no arguments\n", command.c_str());
                return kUsageError;
            }
            if (auto problems = config::problems_for_run(settings); !problems.empty())
                return print_problems(problems);
            return command == "run" ? run_bot(settings) : run_doctor(settings);
        }
        if (command == "healthcheck") return run_healthcheck(settings);
        if (command == "sandbox")
            return sandbox::run_sandbox(settings, {args.begin() + 1, args.end()});
        if (command == "source" || command == "sync") {
            auto problems = config::problems_for_database(settings);
            for (auto& problem : config::problems_for_helpdesks(settings)) problems.push_back(problem);
            if (!problems.empty()) return print_problems(problems);
            return command == "source" ? run_source(settings, args) : run_sync(settings, args);
        }
        if (command == "import" || command == "digest" || command == "export") {
            if (auto problems = config::problems_for_database(settings); !problems.empty())
                return print_problems(problems);
            if (command == "import") return run_import(settings, args);
            return command == "digest" ? run_digest(settings, args) : run_export(settings, args);
        }
        if (command == "migrate" || command == "backup") {
            if (auto problems = config::problems_for_database(settings); !problems.empty())
                return print_problems(problems);
            if (command == "migrate") {
                if (args.size() == 3 && args[1] == "--to" && !args[2].empty()) {
                    return copy_to(settings, args[2]);
                }
                if (args.size() > 1) {
                    std::fputs("usage: ritualbot migrate [--to postgresql://USER@HOST/DB]\n",
                               stderr);
                    return kUsageError;
                }
                return migrate_database(settings);
            }
            if (args.size() != 2 || args[1].empty()) {
                std::fputs("usage: ritualbot backup FILE\n", stderr);
                return kUsageError;
            }
            auto db = storage::Database::open(settings.db_path, storage::Database::Migrate::as_is);
            db.backup_to(args[1]);
            std::printf("backed up %s to %s\n", db.path().c_str(), args[1].c_str());
            return 0;
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "ritualbot %s failed: %s\n", command.c_str(), e.what());
        return 1;
    }
    std::fprintf(stderr, "ritualbot: unknown command \"%s\"\n\n%s", command.c_str(), kUsage.data());
    return kUsageError;
}

}  // namespace ritualbot::bot
