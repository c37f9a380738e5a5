#pragma once

// ritualbot's configuration: what it is, where it comes from (a JSON config file, then the
// environment, which wins) and what is wrong with it, explained so a person can fix it.
// Loading returns every problem at once instead of stopping at the first. Tokens are never
// copied into problem text unredacted (see redact.hpp).
// Plain values and pure functions (apart from reading the config file and probing paths);
// safe from any thread.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ritualbot::config {

struct Settings {
    std::string app_token;                            // SLACK_APP_TOKEN, xapp-…
    std::string bot_token;                            // SLACK_BOT_TOKEN, xoxb-…
    std::string api_url = "https://slack.com/api/";   // SLACK_API_URL
    std::string ca_file;        // RITUALBOT_CA_FILE: extra trusted CA (PEM); empty = system store
    std::string db_path = "./ritualbot.db";           // RITUALBOT_DB
    std::string http_addr = "127.0.0.1:8080";         // RITUALBOT_HTTP_ADDR
    std::string ingest_secret;                        // RITUALBOT_INGEST_SECRET
    // RITUALBOT_INGEST_ALLOW_V0=1 accepts v0 ingest signatures, which do not sign the channel
    // (unsafe: a captured request can be replayed into another channel).
    std::string ingest_allow_v0;
    // RITUALBOT_HTTP_ALLOWED_HOSTS: host names the listener answers to besides the loopback
    // names and its own address, comma-separated (a reverse proxy's, a container's).
    std::string http_allowed_hosts;
    // RITUALBOT_ADMINS: Slack user ids (U…, W…), comma-separated, that are admins in every
    // channel besides the workspace's owners and admins (never when they are guests or from
    // another workspace).
    std::string admins;
    std::string log_level = "info";                   // RITUALBOT_LOG: debug|info|warn|error
    std::string log_format = "text";                  // RITUALBOT_LOG_FORMAT: text|json
    std::string ticket_retention_days = "400";        // RITUALBOT_TICKET_RETENTION_DAYS
    // Helpdesk API credentials (never through Slack; redacted wherever shown).
    std::string zendesk_email;      // RITUALBOT_ZENDESK_EMAIL: the agent the API token belongs to
    std::string zendesk_token;      // RITUALBOT_ZENDESK_TOKEN: auth "email/token:TOKEN"
    std::string freshdesk_api_key;  // RITUALBOT_FRESHDESK_API_KEY
    std::string sync_interval_seconds = "300";  // RITUALBOT_SYNC_INTERVAL: helpdesk polls
    // RITUALBOT_SOCKETS: Socket Mode connections this instance holds (Slack allows 10 per app,
    // across all instances).
    std::string sockets = "2";
    // RITUALBOT_LEASE_SECONDS: how long an instance's hold on a channel's outbox or a helpdesk
    // source outlives it, so the time another instance takes over after it died.
    std::string lease_seconds = "30";
    // RITUALBOT_TEST_CLOCK_FILE: tests only. The bot's clock reads unix seconds from this
    // file instead of the wall clock, so a test can move time through a change-over.
    std::string test_clock_file;
    // RITUALBOT_TEST_FAILING_TASK: tests only. The bot also runs a supervised task of this
    // name that throws every time, to show restarts with backoff in /readyz and /metrics.
    std::string test_failing_task;
    // RITUALBOT_TEST_DATABASE_THREAD=1: tests only. The io thread's database calls go through
    // the database thread on SQLite too, as they always do on PostgreSQL.
    std::string test_database_thread;
    std::string config_file;    // RITUALBOT_CONFIG: the file values came from; empty if none
};

// One thing wrong, e.g. {"SLACK_BOT_TOKEN", "does not start with xoxb- (got xoxp-…9f2a)",
// "copy the Bot User OAuth Token from OAuth & Permissions"}.
struct Problem {
    std::string setting;  // environment variable name, or the config file path (with line:col)
    std::string what;
    std::string fix;
};

// Looks up one environment variable; nullopt when unset. Injected so tests need no real env.
using Environment = std::function<std::optional<std::string>(const std::string& name)>;

// Wraps std::getenv. Not safe while another thread calls setenv.
Environment process_environment();

struct Loaded {
    Settings settings;
    std::vector<Problem> problems;  // config file problems only; validation is separate
};

// Reads the file named by RITUALBOT_CONFIG, if set (JSON object with comments allowed; keys
// app_token, bot_token, api_url, ca_file, db, http_addr, http_allowed_hosts, ingest_secret,
// ingest_allow_v0, admins, log, zendesk_email, zendesk_token, freshdesk_api_key,
// sync_interval, sockets, lease_seconds), then lets each
// environment variable that is set and non-empty override the file's value. An empty variable
// counts as unset, since container tooling often passes declared-but-empty variables.
Loaded load(const Environment& env);

// Everything `ritualbot run` needs: both tokens present and well-formed, api_url an http(s) URL
// ending in '/', ca_file a readable PEM file if set, a usable database path, a known log level,
// http_addr as host:port.
std::vector<Problem> problems_for_run(const Settings& settings);

// The subset `ritualbot migrate` and `ritualbot backup` need: a usable database path.
std::vector<Problem> problems_for_database(const Settings& settings);

// One line per problem: "SLACK_BOT_TOKEN: does not start with xoxb- (got xoxp-…9f2a). Fix: …".
std::string describe(const std::vector<Problem>& problems);

inline constexpr std::string_view kLogLevels[] = {"debug", "info", "warn", "error"};
bool is_known_log_level(std::string_view level);

// RITUALBOT_ADMINS as user ids, in the order given, spaces around commas ignored. Entries that
// are not user ids are left out (problems_for_run reports them).
std::vector<std::string> admin_ids(const Settings& settings);

// RITUALBOT_TICKET_RETENTION_DAYS as a number; 0 when it is not a whole number in 1..36500.
int ticket_retention_days(const Settings& settings);

// RITUALBOT_SYNC_INTERVAL as seconds; 0 when it is not a whole number in 10..86400.
int sync_interval_seconds(const Settings& settings);

// Slack's limit of Socket Mode connections per app.
inline constexpr int kMaxSocketsPerApp = 10;
// RITUALBOT_SOCKETS as a number; 0 when it is not a whole number in 1..kMaxSocketsPerApp.
int socket_count(const Settings& settings);
// RITUALBOT_LEASE_SECONDS as a number; 0 when it is not a whole number in 1..3600.
int lease_seconds(const Settings& settings);

// Problems with the helpdesk credentials (an e-mail without a token or the other way round);
// part of problems_for_run, and checked by `ritualbot sync`.
std::vector<Problem> problems_for_helpdesks(const Settings& settings);

}  // namespace ritualbot::config
