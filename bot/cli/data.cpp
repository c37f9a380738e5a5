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
#include <optional>

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
            std::fprintf(stderr, "%s %s\nusage: %s\n",
                         known ? "missing a value after" : "unknown option", name.c_str(), usage);
            return false;
        }
        options[name.substr(2)] = args[i + 1];
    }
    return true;
}

}  // namespace

int run_import(const config::Settings& settings, const std::vector<std::string>& args) {
    static const char* kUsage =
        "ritualbot import --channel CHANNEL_ID --file tickets.csv (- for stdin) "
        "[--preset zendesk|freshdesk|none] [--map 'created_at=Opened at,first_response_at=First "
        "reply,...']";
    std::map<std::string, std::string> options;
    if (!parse_options(args, {"channel", "file", "preset", "map"}, options, kUsage)) {
        return kUsageError;
    }
    if (options["channel"].empty() || options["file"].empty()) {
        std::fprintf(stderr, "usage: %s\n", kUsage);
        return kUsageError;
    }
    commands::ImportOptions import_options;
    import_options.preset = options["preset"];
    if (!import_options.preset.empty() && import_options.preset != commands::kNoPreset &&
        !commands::preset_named(import_options.preset)) {
        std::fprintf(stderr, "--preset: there is no preset %s; the presets are %s, or none\n",
                     import_options.preset.c_str(), commands::describe_presets().c_str());
        return kUsageError;
    }
    if (options.count("map")) {
        auto map = commands::parse_column_map(options["map"]);
        if (!map) {
            std::fprintf(stderr, "%s\nusage: %s\n", map.error().c_str(), kUsage);
            return kUsageError;
        }
        import_options.map = std::move(*map);
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
    const commands::ImportReport report =
        commands::import_tickets_csv(db, options["channel"], csv, import_options);
    // With rows accepted, the summary below says how the file was read.
    if (report.accepted == 0 && !report.note.empty()) std::printf("%s\n", report.note.c_str());
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
    if (report.accepted > 0) {
        const date::time_zone* zone = commands::load_channel_config(db, options["channel"]).zone;
        std::printf("%s", commands::format_import_summary(report.summary, zone).c_str());
    }
    return report.rejected.empty() ? 0 : 1;
}

int run_digest(const config::Settings& settings, const std::vector<std::string>& args) {
    static const char* kUsage =
        "ritualbot digest --channel CHANNEL_ID [--date YYYY-MM-DD | --from YYYY-MM-DD --to "
        "YYYY-MM-DD] [--format text|json|blocks]";
    std::map<std::string, std::string> options{{"format", "text"}};
    if (!parse_options(args, {"channel", "date", "from", "to", "format"}, options, kUsage)) {
        return kUsageError;
    }
    const std::string& format = options["format"];
    const bool range = options.count("from") || options.count("to");
    if (options["channel"].empty() ||
        (format != "text" && format != "json" && format != "blocks") ||
        (range && (options.count("date") || !options.count("from") || !options.count("to")))) {
        std::fprintf(stderr, "usage: %s\n", kUsage);
        return kUsageError;
    }
    auto db = storage::Database::open(settings.db_path);
    SystemClock clock;
    const date::time_zone* zone = commands::load_channel_config(db, options["channel"]).zone;
    // --date D is --from D --to D; neither is yesterday, in the channel's zone.
    std::optional<commands::LocalDate> from, to;
    for (const auto& [name, day] : {std::pair{"from", &from}, std::pair{"to", &to}}) {
        const std::string& text = options.count("date") ? options["date"] : options[name];
        if (text.empty()) continue;
        const auto parsed = commands::parse_user_date(text);
        if (!parsed) {
            std::fprintf(stderr, "--%s: %s\n", range ? name : "date", parsed.error().c_str());
            return kUsageError;
        }
        *day = *parsed;
    }
    if (!from) {
        from = to = commands::local_date_of(
                        zone, std::chrono::time_point_cast<std::chrono::seconds>(clock.now())) -
                    date::days{1};
    }
    const auto days = (*to - *from).count() + 1;
    if (days < 1 || days > commands::kMaxDigestDays) {
        std::fprintf(stderr, "--from %s --to %s: a digest covers 1 to %d dates, from the earlier\n",
                     commands::format_date(*from).c_str(), commands::format_date(*to).c_str(),
                     commands::kMaxDigestDays);
        return kUsageError;
    }
    const auto ymd = [](commands::LocalDate d) {
        return std::chrono::year_month_day{std::chrono::sys_days{d.time_since_epoch()}};
    };
    const commands::Digest digest =
        commands::build_digest_range(db, options["channel"], ymd(*from), ymd(*to), zone);
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
