// Offline data commands: `ritualbot import` (tickets in), `ritualbot digest` (the outlier
// digest out) and `ritualbot export` (all of a channel's ritual state out).

#include "bot/cli/data.hpp"

#include "bot/runtime/system_clock.hpp"
#include "commands/channel/channel_config.hpp"
#include "commands/outliers/digest.hpp"
#include "commands/outliers/outliers_command.hpp"
#include "commands/render/digest_blocks.hpp"
#include "commands/schedule/local_time.hpp"
#include "commands/ticket_data/importer.hpp"
#include "storage/channel_export.hpp"
#include "storage/database.hpp"

#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>

namespace ritualbot::bot {
namespace {

constexpr int kUsageError = 64;

// "--name value" pairs after the subcommand; unknown names and missing values are errors.
bool parse_options(const std::vector<std::string>& args, const std::vector<std::string>& allowed,
                   std::map<std::string, std::string>& options, const char* usage) {
    for (std::size_t i = 1; i < args.size(); i += 2) {
        const std::string& name = args[i];
        bool known = false;
        for (const std::string& a : allowed) known = known || name == "--" + a;
        if (!known || i + 1 >= args.size()) {
            std::fprintf(stderr, "%s %s\nusage: %s\n", known ? "missing a value after" : "unknown option",
                         name.c_str(), usage);
            return false;
        }
        options[name.substr(2)] = args[i + 1];
    }
    return true;
}

}  // namespace

int run_import(const config::Settings& settings, const std::vector<std::string>& args) {
    static const char* kUsage = "ritualbot import --channel CHANNEL_ID --file tickets.csv (- for stdin)";
    std::map<std::string, std::string> options;
    if (!parse_options(args, {"channel", "file"}, options, kUsage)) return kUsageError;
    if (options["channel"].empty() || options["file"].empty()) {
        std::fprintf(stderr, "usage: %s\n", kUsage);
        return kUsageError;
    }
    std::ifstream file;
    if (options["file"] != "-") {
        file.open(options["file"], std::ios::binary);
        if (!file) {
            std::fprintf(stderr, "cannot read %s\n", options["file"].c_str());
            return 1;
        }
    }
    std::istream& csv = options["file"] == "-" ? std::cin : file;
    auto db = storage::Database::open(settings.db_path);
    const commands::ImportReport report = commands::import_tickets_csv(db, options["channel"], csv);
    if (!report.note.empty()) std::printf("%s\n", report.note.c_str());
    for (const commands::RowError& reject : report.rejected) {
        if (reject.line == 0) {
            std::printf("%s\n", reject.reason.c_str());
        } else {
            std::printf("line %zu: %s\n", reject.line, reject.reason.c_str());
        }
    }
    // Past 1,000 rejects the importer adds one summary entry with line 0 instead of listing.
    const bool truncated = !report.rejected.empty() && report.rejected.back().line == 0;
    std::printf("%zu accepted, %zu rejected%s (channel %s, %s)%s\n", report.accepted,
                report.rejected.size() - (truncated ? 1 : 0), truncated ? " and more" : "",
                options["channel"].c_str(), options["file"].c_str(),
                report.rejected.empty() ? "" : "; nothing else was changed by the rejected rows");
    return report.rejected.empty() ? 0 : 1;
}

int run_digest(const config::Settings& settings, const std::vector<std::string>& args) {
    static const char* kUsage =
        "ritualbot digest --channel CHANNEL_ID [--date YYYY-MM-DD] [--format text|json|blocks]";
    std::map<std::string, std::string> options{{"format", "text"}};
    if (!parse_options(args, {"channel", "date", "format"}, options, kUsage)) return kUsageError;
    const std::string& format = options["format"];
    if (options["channel"].empty() || (format != "text" && format != "json" && format != "blocks")) {
        std::fprintf(stderr, "usage: %s\n", kUsage);
        return kUsageError;
    }
    auto db = storage::Database::open(settings.db_path);
    SystemClock clock;
    const date::time_zone* zone = commands::load_channel_config(db, options["channel"]).zone;
    commands::LocalDate day;
    if (options.count("date")) {
        const auto parsed = commands::parse_user_date(options["date"]);
        if (!parsed) {
            std::fprintf(stderr, "%s\n", parsed.error().c_str());
            return kUsageError;
        }
        day = *parsed;
    } else {  // yesterday, in the channel's zone
        day = commands::local_date_of(
                  zone, std::chrono::time_point_cast<std::chrono::seconds>(clock.now())) -
              date::days{1};
    }
    const commands::Digest digest = commands::build_digest(
        db, options["channel"], std::chrono::year_month_day{std::chrono::sys_days{day.time_since_epoch()}},
        zone);
    if (format == "json") {
        std::puts(commands::digest_to_json(digest).dump(2).c_str());
    } else if (format == "blocks") {
        std::puts(commands::render::digest_blocks(digest).dump(2).c_str());
    } else {
        std::puts(commands::digest_to_text(digest).c_str());
    }
    return 0;
}

int run_export(const config::Settings& settings, const std::vector<std::string>& args) {
    static const char* kUsage = "ritualbot export --channel CHANNEL_ID [--format json]";
    std::map<std::string, std::string> options{{"format", "json"}};
    if (!parse_options(args, {"channel", "format"}, options, kUsage)) return kUsageError;
    if (options["channel"].empty() || options["format"] != "json") {
        std::fprintf(stderr, "usage: %s\n", kUsage);
        return kUsageError;
    }
    auto db = storage::Database::open(settings.db_path);
    std::puts(storage::export_channel(db, options["channel"]).dump(2).c_str());
    return 0;
}

}  // namespace ritualbot::bot
