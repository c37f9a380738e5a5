// Benchmarks for ticket import and the outlier digest (issue 5). A plain timing loop on
// std::chrono::steady_clock; bench/run.sh runs it and prints the table. Never part of the tests.
//
//   ritualbot_bench csv FILE ROWS     write ROWS generated tickets as CSV
//   ritualbot_bench import DB FILE    import FILE into a fresh database DB; prints rows/s
//   ritualbot_bench digest DIR        digest timings for 30/90/365 days and 1/10/100 channels,
//                                     and a 100-ticket-a-day crew over 1 and 3 years, for one day
//                                     and for a Monday digest covering Friday to Sunday
//   ritualbot_bench digest DIR DAYS PER_DAY [COVERS]   only the 100-ticket-a-day rows' shape:
//                                     DAYS of history, PER_DAY tickets a weekday, a digest of
//                                     COVERS dates (default 1 and 3), for a profiler

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <date/tz.h>

#include "commands/outliers/digest.hpp"
#include "commands/ticket_data/generator.hpp"
#include "commands/ticket_data/importer.hpp"
#include "commands/ticket_data/requester_hash.hpp"
#include "storage/database.hpp"
#include "storage/tickets.hpp"

namespace rc = ritualbot::commands;
namespace rs = ritualbot::storage;
using namespace std::chrono;

namespace {

constexpr int kDigestRuns = 21;

double seconds_since(steady_clock::time_point start) {
    return duration<double>(steady_clock::now() - start).count();
}

int write_csv(const std::string& file, std::size_t rows) {
    std::ofstream out(file, std::ios::binary);
    std::cout << "csv_rows " << rc::write_synthetic_csv(out, rows) << "\n";
    return 0;
}

int import_file(const std::string& db_path, const std::string& file) {
    std::filesystem::remove(db_path);
    rs::Database db = rs::Database::open(db_path);
    std::ifstream in(file, std::ios::binary);
    const auto start = steady_clock::now();
    const rc::ImportReport report = rc::import_tickets_csv(db, "C0CREW", in);
    const double took = seconds_since(start);
    std::cout << "import_rows " << report.accepted << " rejected " << report.rejected.size()
              << " seconds " << took << " rows_per_s "
              << static_cast<long long>(static_cast<double>(report.accepted) / took) << "\n";
    return report.rejected.empty() ? 0 : 1;
}

// `days` of history (`per_weekday` tickets a weekday) for each of `channels` channels.
void fill(rs::Database& db, int history_days, int channels, double per_weekday) {
    const std::string key = rs::Tickets(db).requester_key();
    rs::Transaction tx(db);
    rs::TicketWriter writer(db);
    for (int c = 0; c < channels; ++c) {
        rc::GeneratorOptions options;
        options.seed = static_cast<std::uint64_t>(c + 1);
        options.first_day =
            year_month_day{sys_days{year{2026} / November / 30} - days{history_days - 1}};
        options.days = history_days;
        options.tickets_per_weekday = per_weekday;
        auto data = rc::generate_tickets(options);
        for (rc::Ticket& t : data.tickets) {
            t.row.channel = 'C' + std::to_string(c);
            if (t.requester) t.row.requester_hash = rc::requester_hash(*t.requester, key);
            writer.upsert(t.row);
        }
    }
    tx.commit();
}

// The median of several runs of the digest of the `covers` days up to the last one (Monday 30
// Nov 2026; 3 days: the Monday digest covering Friday to Sunday), in milliseconds.
double time_digest(rs::Database& db, int covers) {
    std::vector<double> ms;
    const auto* utc = date::locate_zone("UTC");
    const year_month_day last = year{2026} / November / 30;
    const year_month_day first{sys_days{last} - days{covers - 1}};
    for (int i = 0; i < kDigestRuns; ++i) {
        const auto start = steady_clock::now();
        const rc::Digest digest = rc::build_digest_range(db, "C0", first, last, utc);
        ms.push_back(seconds_since(start) * 1000);
        if (digest.tickets == 0) std::cerr << "warning: digest saw no tickets\n";
    }
    std::sort(ms.begin(), ms.end());
    return ms[ms.size() / 2];
}

void digest_timing(const std::string& dir, int history_days, int channels, int per_day,
                   const std::vector<int>& covers) {
    const std::string path = dir + "/digest-" + std::to_string(history_days) + "-" +
                             std::to_string(channels) + "-" + std::to_string(per_day) + ".db";
    std::filesystem::remove(path);
    rs::Database db = rs::Database::open(path);
    fill(db, history_days, channels, per_day);
    const std::size_t rows =
        static_cast<std::size_t>(db.sql().execAndGet("SELECT COUNT(*) FROM tickets").getInt64());
    for (const int days : covers) {
        std::cout << "digest days " << history_days << " channels " << channels << " per_day "
                  << per_day << " covers " << days << " rows " << rows << " ms "
                  << time_digest(db, days) << "\n";
    }
}

int digest_timings(const std::string& dir) {
    for (const int days : {30, 90, 365}) digest_timing(dir, days, 1, 30, {1});
    for (const int channels : {10, 100}) digest_timing(dir, 90, channels, 30, {1});
    for (const int days : {365, 3 * 365}) digest_timing(dir, days, 1, 100, {1, 3});
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    try {
        if (args.size() == 3 && args[0] == "csv") return write_csv(args[1], std::stoul(args[2]));
        if (args.size() == 3 && args[0] == "import") return import_file(args[1], args[2]);
        if (args.size() == 2 && args[0] == "digest") return digest_timings(args[1]);
        if ((args.size() == 4 || args.size() == 5) && args[0] == "digest") {
            const std::vector<int> covers =
                args.size() == 5 ? std::vector<int>{std::stoi(args[4])} : std::vector<int>{1, 3};
            digest_timing(args[1], std::stoi(args[2]), 1, std::stoi(args[3]), covers);
            return 0;
        }
    } catch (const std::exception& e) {
        std::cerr << "ritualbot_bench: " << e.what() << "\n";
        return 2;
    }
    std::cerr << "usage: ritualbot_bench csv FILE ROWS | import DB FILE | digest DIR [DAYS PER_DAY "
                 "[COVERS]]\n";
    return 2;
}
