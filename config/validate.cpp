// Validation of loaded settings. Each check says what it found (values shown safely: tokens
// redacted, anything token-like redacted) and what to do about it.

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "config/database_location.hpp"
#include "config/redact.hpp"
#include "config/settings.hpp"
#include "config/url.hpp"

namespace ritualbot::config {
namespace {

constexpr std::size_t kMaxShownValue = 100;
constexpr std::string_view kPemMarker = "-----BEGIN CERTIFICATE-----";

struct TokenKind {
    const char* setting;
    std::string_view prefix;
    const char* name;
    const char* missing_fix;
    const char* wrong_fix;
};

const TokenKind kAppToken{
    "SLACK_APP_TOKEN", "xapp-", "app-level token",
    "create the Slack app from the manifest printed by `ritualbot manifest`, then under Basic "
    "Information > App-Level Tokens generate a token with the connections:write scope "
    "(README.md, \"Create the Slack app\")",
    "copy the App-Level Token (xapp-…) from Basic Information > App-Level Tokens"};

const TokenKind kBotToken{
    "SLACK_BOT_TOKEN", "xoxb-", "bot token",
    "create the Slack app from the manifest printed by `ritualbot manifest`, install it to your "
    "workspace, then copy the Bot User OAuth Token from OAuth & Permissions "
    "(README.md, \"Create the Slack app\")",
    "copy the Bot User OAuth Token (xoxb-…) from OAuth & Permissions"};

bool has_space(std::string_view text) {
    return std::any_of(text.begin(), text.end(),
                       [](unsigned char c) { return std::isspace(c) != 0; });
}

// A non-secret value echoed back; redacted anyway if a token was pasted into the wrong place.
std::string shown(std::string_view value) {
    if (value.find("xox") != std::string_view::npos ||
        value.find("xapp-") != std::string_view::npos) {
        return redact(value);
    }
    std::string out = "\"";
    for (const char c : value.substr(0, kMaxShownValue)) {
        const auto byte = static_cast<unsigned char>(c);
        out += (byte < 0x20 || byte == 0x7f) ? '?' : c;
    }
    out += value.size() > kMaxShownValue ? "…\"" : "\"";
    return out;
}

void check_token(const std::string& value, const TokenKind& kind, const TokenKind& other,
                 std::vector<Problem>& problems) {
    if (value.empty()) {
        problems.push_back({kind.setting, "is not set", kind.missing_fix});
        return;
    }
    const std::string got = " (got " + redact(value) + ")";
    if (has_space(value)) {
        problems.push_back({kind.setting, "contains whitespace or a line break" + got,
                            "paste the token again as one line, without quotes or spaces"});
        return;
    }
    if (!value.starts_with(kind.prefix)) {
        if (value.starts_with(other.prefix)) {
            problems.push_back({kind.setting,
                                "does not start with " + std::string{kind.prefix} + got +
                                    ", which is the " + other.name,
                                std::string{kind.setting} + " and " + other.setting +
                                    " look swapped; " + kind.wrong_fix});
        } else {
            problems.push_back({kind.setting,
                                "does not start with " + std::string{kind.prefix} + got,
                                kind.wrong_fix});
        }
        return;
    }
    const std::string_view rest = std::string_view{value}.substr(kind.prefix.size());
    if (rest.empty()) {
        problems.push_back(
            {kind.setting, "has nothing after " + std::string{kind.prefix}, kind.wrong_fix});
        return;
    }
    const bool well_formed = std::all_of(rest.begin(), rest.end(), [](unsigned char c) {
        return std::isalnum(c) != 0 || c == '-';
    });
    if (!well_formed) {
        problems.push_back({kind.setting,
                            "contains characters other than letters, digits and '-'" + got,
                            "copy the token again; quotes and punctuation are not part of it. " +
                                std::string{kind.wrong_fix}});
    }
}

bool is_loopback(const std::string& host) {
    return host == "localhost" || host == "::1" || host.starts_with("127.");
}

void check_api_url(const std::string& value, std::vector<Problem>& problems) {
    constexpr const char* kSetting = "SLACK_API_URL";
    constexpr const char* kFix = "use https://slack.com/api/ (the default), or for a test server "
                                 "e.g. https://127.0.0.1:8443/api/";
    const auto url = parse_url(value);
    if (!url) {
        problems.push_back({kSetting, "is not a valid URL (got " + shown(value) + ")", kFix});
    } else if (url->scheme != "https" && url->scheme != "http") {
        problems.push_back(
            {kSetting, "must be an http or https URL (got " + shown(value) + ")", kFix});
    } else if (url->scheme == "http" && !is_loopback(url->host)) {
        problems.push_back({kSetting,
                            "uses plain http to " + url->host +
                                ", which would send the bot token unencrypted",
                            "use https, or plain http only to a loopback test server"});
    } else if (!value.ends_with('/')) {
        problems.push_back({kSetting,
                            "must end with / because method names are appended to it (got " +
                                shown(value) + ")",
                            kFix});
    }
}

void check_ca_file(const std::string& path, std::vector<Problem>& problems) {
    if (path.empty()) {
        return;
    }
    constexpr const char* kSetting = "RITUALBOT_CA_FILE";
    constexpr const char* kFix = "point RITUALBOT_CA_FILE at a readable PEM file holding the CA "
                                 "certificate, or unset it to trust only the system store";
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (!std::filesystem::exists(status)) {
        problems.push_back({kSetting, "names " + path + ", which does not exist", kFix});
        return;
    }
    if (!std::filesystem::is_regular_file(status)) {
        problems.push_back({kSetting, "names " + path + ", which is not a regular file", kFix});
        return;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        problems.push_back({kSetting, "names " + path + ", which this user cannot read", kFix});
        return;
    }
    const std::string text{std::istreambuf_iterator<char>{in}, std::istreambuf_iterator<char>{}};
    if (text.find(kPemMarker) == std::string::npos) {
        problems.push_back({kSetting,
                            "names " + path + ", which holds no PEM certificate (no " +
                                std::string{kPemMarker} + " line)",
                            kFix});
    }
}

void check_db_path(const std::string& setting, std::vector<Problem>& problems) {
    constexpr const char* kSetting = "RITUALBOT_DB";
    if (setting.empty()) {
        problems.push_back({kSetting, "is empty", "set it to a file path such as ./ritualbot.db"});
        return;
    }
    const auto location = parse_database_location(setting);
    if (!location) {
        problems.push_back(
            {kSetting, "is " + mask_database_url(setting) + ", a URL of no engine ritualbot knows",
             "use a file path, sqlite:///path/to/file or postgresql://user@host/db"});
        return;
    }
    // PostgreSQL is checked by connecting, when the bot opens it.
    if (location->engine != DatabaseEngine::sqlite) return;
    const std::string& path = location->target;
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::path file{path};
    const auto file_status = fs::status(file, ec);
    if (fs::is_directory(file_status)) {
        problems.push_back({kSetting, "names " + path + ", which is a directory",
                            "name a file inside it, e.g. " + (file / "ritualbot.db").string()});
        return;
    }
    const fs::path dir = file.parent_path().empty() ? fs::path{"."} : file.parent_path();
    const auto dir_status = fs::status(dir, ec);
    if (!fs::exists(dir_status)) {
        problems.push_back({kSetting, "is in " + dir.string() + ", which does not exist",
                            "create the directory (mkdir -p " + dir.string() +
                                ") or choose another path"});
        return;
    }
    if (!fs::is_directory(dir_status)) {
        problems.push_back({kSetting, "is in " + dir.string() + ", which is not a directory",
                            "choose another path"});
        return;
    }
    // SQLite creates the -wal and -shm files next to the database, so the directory itself
    // must be writable, not just the file.
    if (::access(dir.c_str(), W_OK | X_OK) != 0) {
        problems.push_back({kSetting, "is in " + dir.string() + ", which this user cannot write",
                            "fix the directory's permissions or choose another path"});
        return;
    }
    if (fs::exists(file_status) && ::access(file.c_str(), R_OK | W_OK) != 0) {
        problems.push_back({kSetting, "names " + path + ", which this user cannot read and write",
                            "fix the file's permissions or choose another path"});
    }
}

// "U0ANA" or "W0ANA": a workspace or enterprise user id.
bool is_user_id(std::string_view id) {
    return id.size() >= 3 && id.size() <= 32 && (id.front() == 'U' || id.front() == 'W') &&
           std::all_of(id.begin(), id.end(), [](unsigned char c) {
               return std::isupper(c) != 0 || std::isdigit(c) != 0;
           });
}

std::vector<std::string> split_admins(const std::string& text) {
    std::vector<std::string> entries;
    for (std::size_t start = 0; start <= text.size();) {
        const std::size_t comma = std::min(text.find(',', start), text.size());
        const std::size_t first = text.find_first_not_of(" \t", start);
        if (first < comma) {
            const std::size_t last = text.find_last_not_of(" \t", comma - 1);
            entries.push_back(text.substr(first, last - first + 1));
        }
        start = comma + 1;
    }
    return entries;
}

// A setting's text as a whole number in [min, max]; 0 when it is anything else.
int whole_number_in(const std::string& text, int min, int max) {
    if (text.empty() || text.size() > 5 ||
        text.find_first_not_of("0123456789") != std::string::npos) {
        return 0;
    }
    const int n = std::stoi(text);
    return n >= min && n <= max ? n : 0;
}

}  // namespace

std::vector<std::string> admin_ids(const Settings& settings) {
    std::vector<std::string> ids;
    for (std::string& entry : split_admins(settings.admins)) {
        if (is_user_id(entry) && std::find(ids.begin(), ids.end(), entry) == ids.end())
            ids.push_back(std::move(entry));
    }
    return ids;
}

int ticket_retention_days(const Settings& settings) {
    return whole_number_in(settings.ticket_retention_days, 1, 36500);
}

int sync_interval_seconds(const Settings& settings) {
    return whole_number_in(settings.sync_interval_seconds, 10, 86400);
}

int socket_count(const Settings& settings) {
    return whole_number_in(settings.sockets, 1, kMaxSocketsPerApp);
}

int lease_seconds(const Settings& settings) {
    return whole_number_in(settings.lease_seconds, 1, 3600);
}

std::vector<Problem> problems_for_helpdesks(const Settings& settings) {
    std::vector<Problem> problems;
    if (settings.zendesk_email.empty() != settings.zendesk_token.empty()) {
        problems.push_back(
            {settings.zendesk_email.empty() ? "RITUALBOT_ZENDESK_EMAIL" : "RITUALBOT_ZENDESK_TOKEN",
             "is not set, but " +
                 std::string(settings.zendesk_email.empty() ? "RITUALBOT_ZENDESK_TOKEN"
                                                            : "RITUALBOT_ZENDESK_EMAIL") +
                 " is",
             "Zendesk API tokens go with the e-mail of the agent who made them: set both"});
    }
    if (sync_interval_seconds(settings) == 0) {
        problems.push_back({"RITUALBOT_SYNC_INTERVAL",
                            "is not a whole number of seconds from 10 to 86400 (got " +
                                shown(settings.sync_interval_seconds) + ")",
                            "use e.g. 300 (the default) to poll helpdesks every 5 minutes"});
    }
    return problems;
}

std::vector<Problem> problems_for_run(const Settings& settings) {
    std::vector<Problem> problems;
    check_token(settings.app_token, kAppToken, kBotToken, problems);
    check_token(settings.bot_token, kBotToken, kAppToken, problems);
    check_api_url(settings.api_url, problems);
    check_ca_file(settings.ca_file, problems);
    check_db_path(settings.db_path, problems);
    if (!is_known_log_level(settings.log_level)) {
        problems.push_back({"RITUALBOT_LOG",
                            "is not a known level (got " + shown(settings.log_level) + ")",
                            "use one of debug, info, warn, error"});
    }
    if (ticket_retention_days(settings) == 0) {
        problems.push_back({"RITUALBOT_TICKET_RETENTION_DAYS",
                            "is not a whole number of days from 1 to 36500 (got " +
                                shown(settings.ticket_retention_days) + ")",
                            "use e.g. 400 (the default) to keep about 13 months of tickets"});
    }
    if (settings.log_format != "text" && settings.log_format != "json") {
        problems.push_back({"RITUALBOT_LOG_FORMAT",
                            "is not a known format (got " + shown(settings.log_format) + ")",
                            "use text (key=value lines) or json (one object per line)"});
    }
    for (const std::string& entry : split_admins(settings.admins)) {
        if (!is_user_id(entry)) {
            problems.push_back({"RITUALBOT_ADMINS",
                                "holds " + shown(entry) + ", which is not a Slack user id",
                                "list member ids such as U0123ABCD, comma-separated (a member's "
                                "id is under \"Copy member ID\" in their Slack profile)"});
        }
    }
    if (!parse_host_port(settings.http_addr)) {
        problems.push_back({"RITUALBOT_HTTP_ADDR",
                            "is not host:port (got " + shown(settings.http_addr) + ")",
                            "use e.g. 127.0.0.1:8080 or [::1]:8080"});
    }
    if (socket_count(settings) == 0) {
        problems.push_back({"RITUALBOT_SOCKETS",
                            std::string("is not a whole number from 1 to 10 (got ")
                                .append(shown(settings.sockets))
                                .append("); Slack allows at most 10 Socket Mode connections "
                                        "per app"),
                            "use 2 (the default) per instance, and keep the sum over all "
                            "instances of one app at 10 or less"});
    }
    if (lease_seconds(settings) == 0) {
        problems.push_back({"RITUALBOT_LEASE_SECONDS",
                            std::string("is not a whole number of seconds from 1 to 3600 (got ")
                                .append(shown(settings.lease_seconds))
                                .append(")"),
                            "use e.g. 30 (the default): a stopped instance's channels move to "
                            "the others within that time"});
    }
    for (Problem& problem : problems_for_helpdesks(settings)) problems.push_back(std::move(problem));
    return problems;
}

std::vector<Problem> problems_for_database(const Settings& settings) {
    std::vector<Problem> problems;
    check_db_path(settings.db_path, problems);
    return problems;
}

}  // namespace ritualbot::config
