#include "bot/sandbox/run_sandbox.hpp"

#include "bot/app.hpp"
#include "bot/runtime/log.hpp"
#include "emulator/emulator.hpp"
#include "bot/sandbox/sandbox_clock.hpp"
#include "bot/sandbox/seed.hpp"
#include "commands/schedule/local_time.hpp"
#include "storage/channel_settings.hpp"
#include "storage/database.hpp"

#include <cstdio>
#include <filesystem>
#include <memory>

namespace ritualbot::bot::sandbox {
namespace {

using emulator::ClockControl;
using emulator::kCrewChannel;
using emulator::Emulator;
using emulator::EmulatorOptions;
using emulator::sandbox_workspace;

constexpr int kUsageError = 64;
constexpr const char* kUsage =
    "usage: ritualbot sandbox [--listen HOST:PORT] [--fresh] [--db FILE]\n"
    "  --listen HOST:PORT  where the page is served (default 127.0.0.1:8080)\n"
    "  --fresh             start from an empty database instead of the seeded one\n"
    "  --db FILE           the sandbox's database (default ./ritualbot-sandbox.db)\n";

struct Options {
    std::string listen = kDefaultListen;
    std::string db = kDefaultDatabase;
    bool fresh = false;
};

bool parse(const std::vector<std::string>& args, Options& options) {
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg == "--fresh") {
            options.fresh = true;
        } else if ((arg == "--listen" || arg == "--db") && i + 1 < args.size()) {
            (arg == "--listen" ? options.listen : options.db) = args[++i];
        } else if (arg.rfind("--listen=", 0) == 0) {
            options.listen = arg.substr(9);
        } else if (arg.rfind("--db=", 0) == 0) {
            options.db = arg.substr(5);
        } else {
            return false;
        }
    }
    return !options.listen.empty() && !options.db.empty();
}

void remove_database(const std::string& path) {
    std::error_code ignored;
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix, ignored);
}

// The crew's zone as the bot sees it now (someone may have run /captain config tz), read with
// a connection of its own: this runs on the emulator's thread.
const date::time_zone* crew_zone(const std::string& db_path) {
    try {
        auto db = storage::Database::open(db_path, storage::Database::Migrate::as_is);
        const std::string name = storage::ChannelSettingsStore(db).get(kCrewChannel).time_zone;
        if (auto zone = commands::find_zone(name)) return *zone;
    } catch (const std::exception& e) {
        log::warn("sandbox.zone_unreadable", {{"error", e.what()}, {"next", "using UTC"}});
    }
    return *commands::find_zone("UTC");
}

// The crew's next quarterly review after `now`, read with a connection of its own: this runs on
// the emulator's thread.
std::optional<std::chrono::system_clock::time_point> quarterly_review_after(
    const std::string& db_path, std::chrono::system_clock::time_point now) {
    try {
        auto db = storage::Database::open(db_path, storage::Database::Migrate::as_is);
        return next_quarterly_review(db, now);
    } catch (const std::exception& e) {
        log::warn("sandbox.quarter_unreadable", {{"error", e.what()}, {"next", "clock unmoved"}});
    }
    return std::nullopt;
}

ClockControl clock_control(std::shared_ptr<SandboxClock> clock, std::string db_path) {
    ClockControl control;
    control.now_ms = [clock] { return clock->now_ms(); };
    control.zone = [db_path] { return crew_zone(db_path)->name(); };
    control.move = [clock, db_path](const std::string& action) {
        const auto target = action == kNextQuarterReview
                                ? quarterly_review_after(db_path, clock->now())
                                : clock_target(action, clock->now(), crew_zone(db_path));
        if (!target) return false;
        clock->set(*target);
        log::info("sandbox.clock",
                  {{"action", action}, {"now", std::to_string(clock->now_ms() / 1000)}});
        return true;
    };
    return control;
}

}  // namespace

int run_sandbox(const config::Settings& settings, const std::vector<std::string>& args) {
    Options options;
    if (!parse(args, options)) {
        std::fputs(kUsage, stderr);
        return kUsageError;
    }
    if (options.fresh) remove_database(options.db);
    const bool first_start = !std::filesystem::exists(options.db);
    auto clock = std::make_shared<SandboxClock>(std::chrono::system_clock::now());
    {
        // Creates and migrates the database before the bot opens it, seeding a new one.
        auto db = storage::Database::open(options.db);
        if (first_start && !options.fresh) {
            const SeedReport seeded = seed_sandbox(db, sandbox_workspace(), clock->now());
            log::info("sandbox.seeded", {{"db", options.db},
                                         {"roster", std::to_string(seeded.roster)},
                                         {"suggestions", std::to_string(seeded.suggestions)},
                                         {"tickets", std::to_string(seeded.tickets)}});
            for (const std::string& note : seeded.notes)
                log::warn("sandbox.seed_note", {{"note", note}});
        }
    }

    EmulatorOptions emulator_options;
    emulator_options.page_address = options.listen;
    emulator_options.clock = clock_control(clock, options.db);
    std::unique_ptr<Emulator> emulator;
    try {
        emulator = std::make_unique<Emulator>(std::move(emulator_options));
    } catch (const std::exception& e) {
        std::fprintf(stderr, "ritualbot sandbox cannot start: %s\n", e.what());
        return 1;
    }

    config::Settings bot_settings = settings;
    bot_settings.app_token = Emulator::kAppToken;
    bot_settings.bot_token = Emulator::kBotToken;
    bot_settings.api_url = emulator->api_url();
    bot_settings.ca_file = emulator->ca_file();
    bot_settings.db_path = options.db;
    bot_settings.http_addr = "127.0.0.1:0";  // the page has the sandbox's one well-known port
    bot_settings.test_clock_file.clear();

    const std::string host = options.listen.substr(0, options.listen.rfind(':'));
    const std::string shown_host = host == "0.0.0.0" || host.empty() ? "127.0.0.1" : host;
    std::printf("ritualbot sandbox: open http://%s:%d/ in a browser (Ctrl-C stops it)\n",
                shown_host.c_str(), emulator->page_port());
    std::printf("  database %s%s\n", options.db.c_str(),
                options.fresh ? " (fresh)"
                : first_start ? " (new, seeded)"
                              : "");
    std::fflush(stdout);
    return run_bot(bot_settings, ClockOverride{clock, std::chrono::milliseconds(200)});
}

}  // namespace ritualbot::bot::sandbox
