// "1,000 channels at 09:00" (issue 18): many crews whose captain change-over and digest fall
// on the same minute. Never part of the tests; bench/thousand_run.sh runs both steps.
//
//   ritualbot_thousand_bench fill DB CHANNELS DAYS PER_DAY
//       A fresh database: CHANNELS channels, each with a 5-person captain roster set up just
//       before the bench's 09:00, its digest time set to 09:00 (the change-over's minute), and
//       DAYS days of generated tickets ending the day before, PER_DAY a day on average
//       (weekends get a third of a weekday's). Rows go straight into the tickets table
//       through storage::TicketWriter in storage::BatchedTransaction batches.
//       Prints: fill channels N rows R seconds S rows_per_s X
//
//   ritualbot_thousand_bench tick DB
//       The 09:00 compute alone, in this process, for a profiler (perf, callgrind): the
//       scheduler (commands::make_scheduler) ticks once at 08:59 and once at 09:00 on a
//       ManualClock. The effects are counted, not written to the outbox (that is bot/'s).
//       Prints: tick fired F failed X posts P cpu_s C wall_s W next_wake_cpu_s N
//
//   ritualbot_thousand_bench run BOT_BINARY DB CHANNELS
//       Starts `ritualbot run` on DB against the emulator (emulator/, loopback TLS) with its
//       test clock just before 09:00, waits until it is connected and idle, moves the clock
//       to 09:00 and watches the database (read-only) and the emulator until every post is
//       out. Prints one `depth SECONDS UNFINISHED` line per sample (outbox rows not yet sent),
//       then: run channels N fired F posts P compute_cpu_s C compute_wall_s W drain_s D
//       max_depth M http_429 K out_of_order O channel_out_of_order Q failed X
//       compute: from the clock move until every run is recorded fired (its outbox rows are
//       committed with it), the bot's CPU time (all threads, user + system) and the wall
//       clock; drain: from the clock move until no outbox row is pending or sending;
//       out_of_order: posts sent while an older outbox row was still waiting (the pacing per
//       channel allows some); channel_out_of_order: the same within one channel (must be 0);
//       idle_cpu_per_s: the bot's CPU seconds per second just before 09:00, all scheduled;
//       RITUALBOT_BENCH_SLACK_RTT_MS=N answers each chat.postMessage of the run N ms late,
//       as a Slack across the internet would;
//       probe_ack_s: how long the ack of a `/ritual help` pushed 0.5 s after the clock move
//       took (-1: none by the end).

#include "child_process.hpp"
#include "commands/clock.hpp"
#include "commands/schedule/scheduler.hpp"
#include "commands/ticket_data/generator.hpp"
#include "commands/ticket_data/requester_hash.hpp"
#include "emulator/emulator.hpp"
#include "storage/batched_transaction.hpp"
#include "storage/captain_roster.hpp"
#include "storage/database.hpp"
#include "storage/outlier_settings.hpp"
#include "storage/tickets.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace ritualbot::bench {
namespace {

namespace rc = ritualbot::commands;
namespace rs = ritualbot::storage;
using namespace std::chrono;
using namespace std::chrono_literals;

// Wednesday 25 Nov 2026, 09:00 UTC: every channel's change-over and digest. A weekday, so the
// default working days (Monday to Friday) hold both rituals; the tickets end the day before.
constexpr year_month_day kFireDay = year{2026} / November / 25;
constexpr minutes kFireMinute{9 * 60};
constexpr seconds kSetupBefore{60};  // rosters and the bot's start: 08:59 UTC
constexpr int kRosterSize = 5;
constexpr auto kDrainLimit = 900s;  // every loop is bounded
constexpr auto kSample = 100ms;
constexpr auto kProbeAfter = 500ms;  // after the clock move: the scheduler (200 ms) has woken

sys_seconds fire_time() { return sys_days{kFireDay} + kFireMinute; }

std::string channel_name(int index) {
    char name[16];
    std::snprintf(name, sizeof name, "C%05d", index);
    return name;
}

double seconds_between(steady_clock::time_point from, steady_clock::time_point to) {
    return duration<double>(to - from).count();
}

// A weekday count giving `per_day` on average over a week whose weekend days get a third.
double per_weekday(double per_day) { return per_day * 7.0 / (5.0 + 2.0 / 3.0); }

int fill(const std::string& path, int channels, int history_days, double per_day) {
    std::filesystem::remove(path);
    rs::Database db = rs::Database::open(path);
    const auto setup = fire_time() - kSetupBefore;
    const std::int64_t setup_ms = duration_cast<milliseconds>(setup.time_since_epoch()).count();
    // The shift in progress at set-up started at the previous change-over (the day before).
    const year_month_day epoch{sys_days{kFireDay} - days{1}};
    char epoch_text[16];
    std::snprintf(epoch_text, sizeof epoch_text, "%04d-%02u-%02u", int(epoch.year()),
                  unsigned(epoch.month()), unsigned(epoch.day()));
    const auto started = steady_clock::now();
    std::size_t rows = 0;
    {
        rs::Transaction tx(db);
        rs::CaptainRoster roster(db);
        rs::OutlierSettingsStore outliers(db);
        for (int c = 0; c < channels; ++c) {
            const std::string channel = channel_name(c);
            roster.set_start(channel, {setup_ms, epoch_text});
            for (int p = 0; p < kRosterSize; ++p) {
                // append, not "U" + std::to_string(…): GCC 12 at -O3 warns a false -Wrestrict
                std::string user = "U";
                roster.add(channel, user.append(std::to_string(c * kRosterSize + p)), 0, setup_ms);
            }
            outliers.set_digest_minute(channel, static_cast<int>(kFireMinute.count()), setup_ms);
        }
        tx.commit();
    }
    const std::string key = rs::Tickets(db).requester_key();
    rs::BatchedTransaction batches(db);
    rs::TicketWriter writer(db);
    for (int c = 0; c < channels; ++c) {
        rc::GeneratorOptions options;
        options.seed = static_cast<std::uint64_t>(c + 1);
        options.first_day = year_month_day{sys_days{kFireDay} - days{history_days}};
        options.days = history_days;
        options.tickets_per_weekday = per_weekday(per_day);
        rc::SyntheticTickets data = rc::generate_tickets(options);
        const std::string channel = channel_name(c);
        for (rc::Ticket& t : data.tickets) {
            t.row.channel = channel;
            if (t.requester) t.row.requester_hash = rc::requester_hash(*t.requester, key);
            writer.upsert(t.row);
            batches.row_written();
            ++rows;
        }
    }
    batches.commit();
    const double took = seconds_between(started, steady_clock::now());
    std::printf("fill channels %d rows %zu seconds %.1f rows_per_s %.0f\n", channels, rows, took,
                static_cast<double>(rows) / took);
    return 0;
}

double process_cpu_s() {
    timespec t{};
    ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

int tick(const std::string& path) {
    rs::Database db = rs::Database::open(path);
    rc::Scheduler scheduler = rc::make_scheduler();
    const rc::ManualClock before(fire_time() - kSetupBefore);
    rc::Context setup{&db, before};
    scheduler.tick(setup, [](const rc::Effects&, const std::string&) {});
    const rc::ManualClock at(fire_time());
    rc::Context context{&db, at};
    std::size_t posts = 0;
    const double cpu = process_cpu_s();
    const auto started = steady_clock::now();
    const rc::TickReport report =
        scheduler.tick(context, [&](const rc::Effects& effects, const std::string&) {
            posts += effects.posts.size();
        });
    const double tick_cpu = process_cpu_s() - cpu;
    const double wall = seconds_between(started, steady_clock::now());
    const double wake_from = process_cpu_s();
    scheduler.next_wake(context);
    std::printf("tick fired %zu failed %zu posts %zu cpu_s %.3f wall_s %.3f next_wake_cpu_s %.3f\n",
                report.fired.size(), report.failed.size(), posts, tick_cpu, wall,
                process_cpu_s() - wake_from);
    return report.failed.empty() ? 0 : 1;
}

void set_clock(const std::string& file, sys_seconds at) {
    std::ofstream(file + ".tmp") << at.time_since_epoch().count() << "\n";
    std::filesystem::rename(file + ".tmp", file);
}

// The bot's database as it stands, read through a connection of our own.
class Watch {
public:
    explicit Watch(const std::string& path) : db_(path, SQLite::OPEN_READONLY) {
        db_.setBusyTimeout(1000);
    }

    int fired(const std::string& local_date) {
        SQLite::Statement query(db_,
                                "SELECT COUNT(*) FROM scheduled_runs WHERE local_date = ? AND "
                                "state = 'fired'");
        query.bind(1, local_date);
        query.executeStep();
        return query.getColumn(0).getInt();
    }
    int unfinished() {
        return db_.execAndGet("SELECT COUNT(*) FROM outbox WHERE state IN ('pending', 'sending')")
            .getInt();
    }
    int failed() {
        return db_.execAndGet("SELECT COUNT(*) FROM outbox WHERE state = 'failed'").getInt();
    }
    std::int64_t last_id() {
        return db_.execAndGet("SELECT COALESCE(MAX(id), 0) FROM outbox").getInt64();
    }

    struct Row {
        std::int64_t id;
        std::string channel;
    };
    // Sent chat.postMessage rows after `after_id`, by the ts Slack returned.
    std::map<std::string, Row> sent_posts(std::int64_t after_id) {
        SQLite::Statement query(db_,
                                "SELECT posted_ts, id, channel FROM outbox WHERE id > ? AND "
                                "method = 'chat.postMessage' AND posted_ts IS NOT NULL");
        query.bind(1, after_id);
        std::map<std::string, Row> rows;
        while (query.executeStep()) {
            rows[query.getColumn(0).getString()] = {query.getColumn(1).getInt64(),
                                                    query.getColumn(2).getString()};
        }
        return rows;
    }

private:
    SQLite::Database db_;
};

struct Order {
    int out_of_order = 0;
    int channel_out_of_order = 0;
};

// Posts in the order the emulator received them, against the order their rows were written.
Order posting_order(const std::vector<emulator::ApiCall>& calls,
                    const std::map<std::string, Watch::Row>& rows) {
    Order order;
    std::vector<std::int64_t> sent;
    std::map<std::string, std::int64_t> newest_in_channel;
    for (const emulator::ApiCall& call : calls) {
        if (!call.response.is_object() || !call.response.contains("ts")) continue;
        const auto row = rows.find(call.response["ts"].get<std::string>());
        if (row == rows.end()) continue;
        sent.push_back(row->second.id);
        std::int64_t& newest = newest_in_channel[row->second.channel];
        if (row->second.id < newest) ++order.channel_out_of_order;
        newest = std::max(newest, row->second.id);
    }
    // A post went out of order when an older row (a lower id) is sent after it.
    std::int64_t oldest_after = INT64_MAX;
    for (auto it = sent.rbegin(); it != sent.rend(); ++it) {
        if (*it > oldest_after) ++order.out_of_order;
        oldest_after = std::min(oldest_after, *it);
    }
    return order;
}

template <typename Predicate>
bool wait_until(Predicate done, steady_clock::duration limit) {
    const auto deadline = steady_clock::now() + limit;
    while (steady_clock::now() < deadline) {
        if (done()) return true;
        std::this_thread::sleep_for(kSample);
    }
    return done();
}

int run(const std::string& binary, const std::string& db_path, int channels) {
    const ScratchDir scratch("ritualbot-thousand-bench");
    const std::string clock_file = (scratch.path() / "clock").string();
    set_clock(clock_file, fire_time() - kSetupBefore);
    const year_month_day day = kFireDay;
    char today[16];
    std::snprintf(today, sizeof today, "%04d-%02u-%02u", int(day.year()), unsigned(day.month()),
                  unsigned(day.day()));
    const int expected_runs = 2 * channels;  // a change-over and a digest in each

    emulator::Emulator slack;
    std::map<std::string, std::string> environment = {
        {"SLACK_APP_TOKEN", emulator::Emulator::kAppToken},
        {"SLACK_BOT_TOKEN", emulator::Emulator::kBotToken},
        {"SLACK_API_URL", slack.api_url()},
        {"RITUALBOT_CA_FILE", slack.ca_file()},
        {"RITUALBOT_DB", db_path},
        {"RITUALBOT_HTTP_ADDR", "127.0.0.1:0"},
        {"RITUALBOT_LOG", "warn"},
        {"RITUALBOT_TEST_CLOCK_FILE", clock_file},
        {"TZ", "UTC"}};
    if (const char* path = std::getenv("PATH")) environment["PATH"] = path;
    if (const char* home = std::getenv("HOME")) environment["HOME"] = home;
    const std::string log = (scratch.path() / "bot.log").string();
    Child bot(binary, {"run"}, environment, log);
    if (!slack.wait_for_connections(1, 120s)) {
        std::fprintf(stderr, "the bot never connected; its log: %s\n", log.c_str());
        std::ifstream in(log);
        for (std::string line; std::getline(in, line);) std::fprintf(stderr, "%s\n", line.c_str());
        return 1;
    }
    std::fprintf(stderr, "bot pid %d (for a profiler to attach)\n", static_cast<int>(bot.pid()));
    Watch watch(db_path);
    // Start-up done: nothing left to send, and a moment to settle.
    if (!wait_until([&] { return watch.unfinished() == 0; }, 120s)) {
        std::fprintf(stderr, "the outbox never emptied after start-up; the bot's log: %s\n",
                     log.c_str());
        return 1;
    }
    std::this_thread::sleep_for(2s);
    // The test clock makes the scheduler look every 200 ms (the wall clock: at the next fire
    // time, at least once a minute); what that costs before 09:00 is printed beside the row.
    const double idle_cpu_per_s = [&] {
        const double at = cpu_ms(bot.pid());
        std::this_thread::sleep_for(2s);
        return (cpu_ms(bot.pid()) - at) / 2000.0;
    }();
    const std::int64_t before_id = watch.last_id();
    const std::size_t calls_before = slack.calls().size();
    // Slack is tens of milliseconds away, the emulator a fraction of one: with
    // RITUALBOT_BENCH_SLACK_RTT_MS every post of the run is answered that much later.
    if (const char* rtt = std::getenv("RITUALBOT_BENCH_SLACK_RTT_MS")) {
        slack.delay_next("chat.postMessage", milliseconds(std::stoi(rtt)), 3 * channels + 100);
    }

    const double cpu_start = cpu_ms(bot.pid());
    const auto start = steady_clock::now();
    set_clock(clock_file, fire_time());
    double compute_cpu = -1, compute_wall = -1, drain = -1;
    int max_depth = 0, fired = 0;
    double last_printed = -1;
    // A person's command while the runs are computed: the scheduler ticks on the io thread,
    // which also acks envelopes (Slack wants an ack within 3 s).
    std::this_thread::sleep_for(kProbeAfter);
    const std::string probe = slack.push_slash_command("/ritual", "help", channel_name(0));
    double probe_ack_s = -1;
    while (seconds_between(start, steady_clock::now()) < kDrainLimit.count()) {
        std::this_thread::sleep_for(kSample);
        const double cpu = cpu_ms(bot.pid());
        const auto now = steady_clock::now();
        const double t = seconds_between(start, now);
        if (compute_cpu < 0) {
            fired = watch.fired(today);
            if (fired >= expected_runs) {
                compute_cpu = (cpu - cpu_start) / 1000.0;
                compute_wall = t;
            }
        }
        if (probe_ack_s < 0) {
            const auto acks = slack.acks_for(probe);
            if (!acks.empty())
                probe_ack_s = seconds_between(acks[0].pushed_at, acks[0].acked_at);
        }
        const int depth = watch.unfinished();
        max_depth = std::max(max_depth, depth);
        if (t - last_printed >= 1.0 || (compute_cpu >= 0 && depth == 0)) {
            std::printf("depth %.1f %d\n", t, depth);
            last_printed = t;
        }
        if (compute_cpu >= 0 && depth == 0) {
            drain = t;
            break;
        }
    }
    std::vector<emulator::ApiCall> calls = slack.calls();
    calls.erase(calls.begin(), calls.begin() + static_cast<std::ptrdiff_t>(calls_before));
    int rate_limited = 0, posts = 0;
    std::vector<emulator::ApiCall> post_calls;
    for (const emulator::ApiCall& call : calls) {
        if (call.http_status == 429) ++rate_limited;
        if (call.method == "chat.postMessage" && call.http_status == 200) {
            ++posts;
            post_calls.push_back(call);
        }
    }
    const Order order = posting_order(post_calls, watch.sent_posts(before_id));
    std::printf("run channels %d fired %d posts %d compute_cpu_s %.2f compute_wall_s %.2f "
                "drain_s %.1f max_depth %d http_429 %d out_of_order %d channel_out_of_order %d "
                "failed %d idle_cpu_per_s %.3f probe_ack_s %.2f\n",
                channels, fired, posts, compute_cpu, compute_wall, drain, max_depth, rate_limited,
                order.out_of_order, order.channel_out_of_order, watch.failed(), idle_cpu_per_s,
                probe_ack_s);
    if (compute_cpu < 0 || drain < 0) {
        std::fprintf(stderr, "not finished within %lld s; the bot's log: %s\n",
                     static_cast<long long>(kDrainLimit.count()), log.c_str());
        return 1;
    }
    return 0;
}

}  // namespace
}  // namespace ritualbot::bench

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    try {
        if (args.size() == 5 && args[0] == "fill") {
            return ritualbot::bench::fill(args[1], std::stoi(args[2]), std::stoi(args[3]),
                                          std::stod(args[4]));
        }
        if (args.size() == 2 && args[0] == "tick") return ritualbot::bench::tick(args[1]);
        if (args.size() == 4 && args[0] == "run") {
            return ritualbot::bench::run(args[1], args[2], std::stoi(args[3]));
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "thousand channels bench: %s\n", e.what());
        return 1;
    }
    std::fprintf(stderr,
                 "usage: %s fill DB CHANNELS DAYS PER_DAY | tick DB | run BOT_BINARY DB CHANNELS\n",
                 argv[0]);
    return 2;
}
