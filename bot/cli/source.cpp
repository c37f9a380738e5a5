// `ritualbot source …` and `ritualbot sync`: the channel's helpdesk sources and one sync pass.

#include "bot/cli/source.hpp"

#include "bot/connectors/helpdesk_client.hpp"
#include "bot/connectors/sync_pass.hpp"
#include "bot/runtime/wall_clock.hpp"
#include "bot/slack/outbox_writer.hpp"
#include "commands/connectors/source_command.hpp"
#include "commands/tokenizer.hpp"
#include "storage/database.hpp"
#include "storage/helpdesk_sources.hpp"

#include <cstdio>
#include <map>

namespace ritualbot::bot {
namespace {

constexpr int kUsageError = 64;
constexpr const char* kSourceUsage =
    "usage: ritualbot source add --channel C zendesk|freshdesk URL [--days N]\n"
    "       ritualbot source list --channel C\n"
    "       ritualbot source remove --channel C KIND\n"
    "       ritualbot source set --channel C KIND request_type field:ID|tag-prefix:PREFIX|none\n"
    "       ritualbot source set --channel C KIND spacing MS|default\n";

// `--name value` options anywhere after the verb; everything else is positional.
struct Parsed {
    std::map<std::string, std::string> options;
    std::vector<std::string> words;
    std::string error;
};

Parsed parse(const std::vector<std::string>& args, std::size_t from,
             const std::vector<std::string>& allowed) {
    Parsed parsed;
    for (std::size_t i = from; i < args.size(); ++i) {
        if (!args[i].starts_with("--")) {
            parsed.words.push_back(args[i]);
            continue;
        }
        const std::string name = args[i].substr(2);
        bool known = false;
        for (const std::string& a : allowed) known = known || name == a;
        if (!known || i + 1 >= args.size()) {
            parsed.error = (known ? "missing a value after " : "unknown option ") + args[i];
            return parsed;
        }
        parsed.options[name] = args[++i];
    }
    if (parsed.options["channel"].empty()) parsed.error = "--channel is required";
    return parsed;
}

int print_result(const commands::Result<std::string>& result) {
    if (!result) {
        std::fprintf(stderr, "%s\n", result.error().c_str());
        return 1;
    }
    std::printf("%s\n", result->c_str());
    return 0;
}

void print_page(const storage::HelpdeskSource& source, const commands::StepOutcome& outcome,
                std::size_t& page, std::size_t& stored) {
    stored += outcome.stored;
    std::printf("%s page %zu: %zu stored, %zu deleted, %zu skipped (%zu so far)%s%s\n",
                source.kind.c_str(), ++page, outcome.stored, outcome.deleted, outcome.rejected,
                stored, outcome.detail.empty() ? "" : ": ", outcome.detail.c_str());
    std::fflush(stdout);
}

}  // namespace

int run_source(const config::Settings& settings, const std::vector<std::string>& args) {
    const std::string verb = args.size() > 1 ? args[1] : "";
    const Parsed parsed = parse(args, 2, {"channel", "days"});
    if (!parsed.error.empty() || verb.empty()) {
        std::fprintf(stderr, "%s\n%s", parsed.error.c_str(), kSourceUsage);
        return kUsageError;
    }
    const std::string& channel = parsed.options.at("channel");
    const auto& w = parsed.words;
    auto db = storage::Database::open(settings.db_path);
    if (verb == "list" && w.empty()) {
        std::printf("%s", commands::list_sources(db, channel).c_str());
        return 0;
    }
    if (verb == "add" && w.size() == 2) {
        int days = commands::kDefaultBackfillDays;
        if (const auto it = parsed.options.find("days"); it != parsed.options.end()) {
            const auto n = commands::parse_int(it->second, 1, commands::kMaxBackfillDays);
            if (!n) return print_result(commands::Error{"--days: " + n.error()});
            days = *n;
        }
        const std::string missing =
            connectors::missing_credentials(settings, commands::to_lower(w[0]));
        auto added = commands::add_source(db, channel, w[0], w[1], days, "cli", wall_clock_ms());
        if (added && !missing.empty()) {
            std::fprintf(stderr, "note: %s not set; polls fail until it is\n", missing.c_str());
        }
        return print_result(added);
    }
    if (verb == "remove" && w.size() == 1) {
        return print_result(commands::remove_source(db, channel, w[0]));
    }
    if (verb == "set" && w.size() == 3) {
        return print_result(commands::set_source(db, channel, w[0], w[1], w[2]));
    }
    std::fprintf(stderr, "%s", kSourceUsage);
    return kUsageError;
}

int run_sync(const config::Settings& settings, const std::vector<std::string>& args) {
    const Parsed parsed = parse(args, 1, {"channel"});
    if (!parsed.error.empty() || !parsed.words.empty()) {
        std::fprintf(stderr, "%s\nusage: ritualbot sync --channel C\n",
                     parsed.error.empty() ? "unexpected words" : parsed.error.c_str());
        return kUsageError;
    }
    const std::string& channel = parsed.options.at("channel");
    auto db = storage::Database::open(settings.db_path);
    const auto sources = storage::HelpdeskSources(db).of_channel(channel);
    if (sources.empty()) {
        std::fprintf(stderr,
                     "channel %s has no ticket source (ritualbot source add --channel %s "
                     "zendesk|freshdesk URL)\n",
                     channel.c_str(), channel.c_str());
        return 1;
    }
    connectors::HelpdeskClient client(settings);
    const auto enqueue = [&db](const commands::Effects& effects, const std::string& key) {
        return slack::enqueue_effects(db, effects, key);
    };
    int failed = 0;
    for (const storage::HelpdeskSource& source : sources) {
        if (const std::string missing = connectors::missing_credentials(settings, source.kind);
            !missing.empty()) {
            const std::string error = missing + " not set on the server";
            storage::HelpdeskSources(db).record_error(channel, source.kind, error);
            std::printf("%s %s: %s\n", source.kind.c_str(), source.base_url.c_str(), error.c_str());
            ++failed;
            continue;
        }
        std::size_t page = 0;
        std::size_t stored = 0;
        const connectors::PassReport report = connectors::run_pass_blocking(
            db, source, client, wall_clock_ms, enqueue, [&](const commands::StepOutcome& outcome) {
                print_page(source, outcome, page, stored);
            });
        std::printf("%s %s: %d requests, %zu tickets stored, %zu deleted, %zu skipped; %s%s\n",
                    source.kind.c_str(), source.base_url.c_str(), report.requests, report.stored,
                    report.deleted, report.rejected,
                    report.caught_up ? "caught up" : "stopped: ", report.error.c_str());
        if (report.backfill_done)
            std::printf("%s: first sync done, announced in %s\n", source.kind.c_str(),
                        channel.c_str());
        failed += report.caught_up ? 0 : 1;
    }
    return failed == 0 ? 0 : 1;
}

}  // namespace ritualbot::bot
