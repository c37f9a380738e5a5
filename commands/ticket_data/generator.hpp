#pragma once
// Synthetic tickets for tests, benchmarks and the sandbox: a crew (8 agents by default) with
// five request types and three contact paths, log-normal durations and small daily rates, made
// from a seed so every run sees the same data. With plant_outliers it adds known anomalies —
// two slow tickets, two one-day rate spikes and a two-week creep — and says where they are, so
// a test can check that the digest finds each one.
// Pure: no I/O except write_tickets_csv to the stream it is given. Safe from any thread.

#include <chrono>
#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "commands/ticket_data/ticket.hpp"

namespace date {
class time_zone;
}

namespace ritualbot::commands {

struct GeneratorOptions {
    std::uint64_t seed = 1;
    std::chrono::year_month_day first_day{std::chrono::year{2026}, std::chrono::month{8},
                                          std::chrono::day{1}};
    int days = 90;
    const date::time_zone* zone = nullptr;  // local business hours in this zone; nullptr: UTC
    double tickets_per_weekday = 30;        // weekends get a third of it
    int agents = 8;
    bool plant_outliers = true;
    std::string id_prefix = "T-";
};

// Where an anomaly was planted: the digest for `date` should flag `metric` in this segment.
struct PlantedOutlier {
    std::chrono::year_month_day date;
    std::string kind;       // ticket | rate | drift
    std::string metric;     // first_response, reopen_rate, …
    std::string dimension;  // request_type | channel | all
    std::string segment;
    std::string ticket_id;  // for kind ticket: the slow ticket
};

struct SyntheticTickets {
    std::vector<Ticket> tickets;  // oldest first; row.channel is left empty
    std::vector<PlantedOutlier> planted;
};

// Plants only what fits: each anomaly needs 28 days of history before it (the creep 41), so
// fewer than ~61 days plant fewer of them.
SyntheticTickets generate_tickets(const GeneratorOptions& options);

// A header naming all 16 columns, then one row per ticket, RFC 4180 quoting where needed.
void write_tickets_csv(std::ostream& out, const std::vector<Ticket>& tickets);

// `rows` tickets of a busy crew (~1000 a weekday from 2020-01-01 on, no planted outliers) as
// one CSV, generated in blocks of 100 days so a million rows never sit in memory; for
// benchmarks and load tests. Returns the rows written.
std::size_t write_synthetic_csv(std::ostream& out, std::size_t rows);

}  // namespace ritualbot::commands
