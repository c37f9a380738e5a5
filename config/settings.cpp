// Loading: config file first, then the environment on top. Validation lives in validate.cpp.

#include "config/settings.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

#include <nlohmann/json.hpp>

#include "config/redact.hpp"

namespace ritualbot::config {
namespace {

struct Source {
    const char* env;
    const char* file_key;
    std::string Settings::*field;
};

const Source kSources[] = {
    {"SLACK_APP_TOKEN", "app_token", &Settings::app_token},
    {"SLACK_BOT_TOKEN", "bot_token", &Settings::bot_token},
    {"SLACK_API_URL", "api_url", &Settings::api_url},
    {"RITUALBOT_CA_FILE", "ca_file", &Settings::ca_file},
    {"RITUALBOT_DB", "db", &Settings::db_path},
    {"RITUALBOT_HTTP_ADDR", "http_addr", &Settings::http_addr},
    {"RITUALBOT_HTTP_ALLOWED_HOSTS", "http_allowed_hosts", &Settings::http_allowed_hosts},
    {"RITUALBOT_INGEST_SECRET", "ingest_secret", &Settings::ingest_secret},
    {"RITUALBOT_INGEST_ALLOW_V0", "ingest_allow_v0", &Settings::ingest_allow_v0},
    {"RITUALBOT_ADMINS", "admins", &Settings::admins},
    {"RITUALBOT_LOG", "log", &Settings::log_level},
    {"RITUALBOT_LOG_FORMAT", "log_format", &Settings::log_format},
    {"RITUALBOT_TICKET_RETENTION_DAYS", "ticket_retention_days", &Settings::ticket_retention_days},
    {"RITUALBOT_ZENDESK_EMAIL", "zendesk_email", &Settings::zendesk_email},
    {"RITUALBOT_ZENDESK_TOKEN", "zendesk_token", &Settings::zendesk_token},
    {"RITUALBOT_FRESHDESK_API_KEY", "freshdesk_api_key", &Settings::freshdesk_api_key},
    {"RITUALBOT_SYNC_INTERVAL", "sync_interval", &Settings::sync_interval_seconds},
    {"RITUALBOT_SOCKETS", "sockets", &Settings::sockets},
    {"RITUALBOT_LEASE_SECONDS", "lease_seconds", &Settings::lease_seconds},
    {"RITUALBOT_TEST_CLOCK_FILE", "test_clock_file", &Settings::test_clock_file},
    {"RITUALBOT_TEST_FAILING_TASK", "test_failing_task", &Settings::test_failing_task},
    {"RITUALBOT_TEST_DATABASE_THREAD", "test_database_thread", &Settings::test_database_thread},
};

constexpr const char* kConfigVariable = "RITUALBOT_CONFIG";
constexpr std::size_t kMaxShownKeyLength = 40;

std::string known_keys() {
    std::string out;
    for (const Source& source : kSources) {
        out += out.empty() ? "" : ", ";
        out += source.file_key;
    }
    return out;
}

// A key is shown as written unless it could be a pasted secret.
std::string shown_key(const std::string& key) {
    const bool plain = key.size() <= kMaxShownKeyLength &&
                       std::all_of(key.begin(), key.end(), [](unsigned char c) {
                           return std::isalnum(c) != 0 || c == '_';
                       });
    return '"' + (plain ? key : redact(key)) + "\"";
}

struct Position {
    std::size_t line = 1;
    std::size_t column = 0;
};

// nlohmann reports the 1-based byte of the last character it read.
Position position_of(const std::string& text, std::size_t byte) {
    Position pos;
    const std::size_t end = std::min(byte, text.size());
    for (std::size_t i = 0; i < end; ++i) {
        if (text[i] == '\n' && i + 1 < end) {
            ++pos.line;
            pos.column = 0;
        } else {
            ++pos.column;
        }
    }
    return pos;
}

// The parser's explanation without its "[json.exception…] parse error at line…:" preamble and
// without "last read: '…'", which echoes file content and so could echo a token.
std::string parser_explanation(const std::string& what) {
    std::string text = what;
    const std::size_t column = text.find("column ");
    const std::size_t colon =
        column == std::string::npos ? text.find(": ") : text.find(": ", column);
    if (colon != std::string::npos) {
        text = text.substr(colon + 2);
    }
    const std::size_t last_read = text.find("; last read:");
    if (last_read != std::string::npos) {
        text.resize(last_read);
    }
    return text;
}

std::optional<std::string> read_file(const std::string& path, std::vector<Problem>& problems) {
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    std::string what;
    if (!std::filesystem::exists(status)) {
        what = "names " + path + ", which does not exist";
    } else if (std::filesystem::is_directory(status)) {
        what = "names " + path + ", which is a directory";
    }
    std::ifstream in(path, std::ios::binary);
    if (what.empty() && !in) {
        what = "names " + path + ", which this user cannot read";
    }
    if (!what.empty()) {
        problems.push_back({kConfigVariable, what,
                            "point RITUALBOT_CONFIG at a readable JSON file, or unset it to "
                            "configure through environment variables only"});
        return std::nullopt;
    }
    return std::string{std::istreambuf_iterator<char>{in}, std::istreambuf_iterator<char>{}};
}

void apply_file(const std::string& path, Settings& settings, std::vector<Problem>& problems) {
    const auto text = read_file(path, problems);
    if (!text) {
        return;
    }
    nlohmann::json doc;
    try {
        doc = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/true,
                                    /*ignore_comments=*/true);
    } catch (const nlohmann::json::parse_error& e) {
        const Position pos = position_of(*text, e.byte);
        const std::string where =
            path + ":" + std::to_string(pos.line) + ":" + std::to_string(pos.column);
        problems.push_back({where, "is not valid JSON: " + parser_explanation(e.what()),
                            "correct the file at that line and column (// and /* */ comments "
                            "are allowed)"});
        return;
    } catch (const nlohmann::json::exception& e) {  // out_of_range.406: a number too large
        const std::string what = e.what();
        problems.push_back({path, "is not valid JSON: " + what.substr(what.find("] ") + 2),
                            "correct that value in the file"});
        return;
    }
    if (!doc.is_object()) {
        problems.push_back({path, std::string{"holds a JSON "} + doc.type_name() +
                                      ", not an object",
                            "write an object such as {\"bot_token\": \"xoxb-…\", \"db\": "
                            "\"./ritualbot.db\"}"});
        return;
    }
    for (const auto& item : doc.items()) {
        // Named copies rather than structured bindings: clang 14 (the fuzz build) cannot
        // capture a binding in the lambdas below.
        const std::string key = item.key();
        const auto& value = item.value();
        const auto by_key = std::find_if(std::begin(kSources), std::end(kSources),
                                         [&](const Source& s) { return key == s.file_key; });
        if (by_key == std::end(kSources)) {
            const auto by_env = std::find_if(std::begin(kSources), std::end(kSources),
                                             [&](const Source& s) { return key == s.env; });
            const std::string fix =
                by_env != std::end(kSources)
                    ? std::string{"write \""} + by_env->file_key +
                          "\": file keys are short lowercase names, not variable names"
                    : "remove it, or use one of: " + known_keys();
            problems.push_back({path, "unknown key " + shown_key(key), fix});
            continue;
        }
        if (!value.is_string()) {
            problems.push_back({path,
                                "key \"" + std::string{by_key->file_key} + "\" must be a string, "
                                "not a " + value.type_name(),
                                "put the value in double quotes"});
            continue;
        }
        settings.*(by_key->field) = value.get<std::string>();
    }
}

}  // namespace

Environment process_environment() {
    return [](const std::string& name) -> std::optional<std::string> {
        const char* value = std::getenv(name.c_str());
        if (value == nullptr) {
            return std::nullopt;
        }
        return std::string{value};
    };
}

Loaded load(const Environment& env) {
    Loaded loaded;
    if (auto file = env(kConfigVariable); file && !file->empty()) {
        loaded.settings.config_file = *file;
        apply_file(*file, loaded.settings, loaded.problems);
    }
    for (const Source& source : kSources) {
        if (auto value = env(source.env); value && !value->empty()) {
            loaded.settings.*(source.field) = std::move(*value);
        }
    }
    return loaded;
}

std::string describe(const std::vector<Problem>& problems) {
    std::string out;
    for (const Problem& p : problems) {
        out += p.setting + ": " + p.what + ". Fix: " + p.fix + "\n";
    }
    return out;
}

bool is_known_log_level(std::string_view level) {
    return std::find(std::begin(kLogLevels), std::end(kLogLevels), level) != std::end(kLogLevels);
}

}  // namespace ritualbot::config
