#pragma once
// The daily outlier digest (DESIGN.md "Outlier method", "Digest JSON"): what was unusual in
// the tickets created on one local date, against the trailing 28 days, and which leading
// indicators drift. build_digest reads the channel's tickets and investigations and records the
// outliers it flags (so their ids stay stable and `/outliers ack ID` can find them); it writes
// nothing else. A Digest becomes JSON for tools (digest_json.cpp), mrkdwn text (digest_text.cpp)
// or Block Kit (commands/render/digest_blocks).
// Threading: build_digest uses the Database it is given on the calling thread; a Digest is a
// plain value that may be moved to another thread.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "commands/outliers/crew_metric.hpp"
#include "commands/outliers/metrics.hpp"
#include "commands/outliers/signals.hpp"
#include "storage/database.hpp"

namespace date {
class time_zone;
}

namespace ritualbot::commands {

struct DigestOptions {
    int baseline_days = 28;
    int indicator_days = 14;
    // Family-wise false-alarm rate per digest for each family of tests (tickets, rates,
    // drift, volume), split over the tests run (Bonferroni). 0.002 keeps clean data to well
    // under one false alarm per 1,000 segment-days (duration_tests.cpp has the arithmetic).
    double family_alpha = 0.002;
    double ticket_z_floor = 3.5;             // Iglewicz–Hoaglin; raised by the multiplicity rule
    std::size_t min_duration_baseline = 20;  // tickets with the duration known, in 28 days
    std::size_t min_day_volume = 5;          // denominator on the day for a rate test
    std::size_t min_baseline_volume = 30;    // denominator over the baseline
    double min_rate_increase = 0.05;         // absolute: 5 percentage points
    double drift_lambda = 0.2;
    double min_drift_increase = 0.03;         // absolute: last 7 days and EWMA over baseline
    std::size_t min_drift_volume = 30;        // denominator over the last 7 days
    double min_volume_ratio = 2.0;            // a volume flag: the day ≥ twice the usual …
    std::size_t min_volume_excess = 5;        // … and at least 5 tickets more
    std::size_t max_tickets_listed = 5;       // ticket ids per outlier (the count says the rest)
    std::optional<std::string> request_type;  // show only this request type's segment
};

// A volume flag (metric "volume") is of kind rate: a daily count against its baseline.
enum class OutlierKind { ticket, rate, drift };
inline constexpr std::string_view kVolumeMetric = "volume";
std::string_view to_string(OutlierKind kind);

struct Outlier {
    std::string id;                    // o-YYYY-MM-DD-N, stable for the date
    std::chrono::year_month_day date;  // the local date whose tickets raised it
    OutlierKind kind = OutlierKind::ticket;
    std::string metric;
    Segment segment;
    double value = 0;     // seconds (ticket) or rate 0..1 (rate: the day's, drift: the EWMA)
    double baseline = 0;  // median seconds or baseline rate
    double score = 0;     // ticket: modified z; rate, drift: the normal z of the test's p
    std::size_t n = 0;    // ticket: baseline size; rate: the day's denominator; drift: 7 days'
    std::vector<std::string> tickets;  // a few ids, most severe first
    std::size_t ticket_count = 0;
    std::string why;                // in numbers, plain text
    std::optional<double> p_value;  // rate and drift tests
};

struct Indicator {
    std::string metric;
    std::vector<std::string> days;              // YYYY-MM-DD, oldest first
    std::vector<std::optional<double>> values;  // the day's rate; nullopt: no tickets
    std::optional<double> week_change;          // last 7 days' rate − the 7 before, pooled
    std::string sparkline;
};

struct OpenInvestigation {
    std::string outlier_id;
    std::string metric;
    Segment segment;
    std::string owner;  // Slack user id
    std::string cause;
    std::int64_t opened_at = 0;
    std::size_t days_open = 0;
};

struct Digest {
    std::string channel;
    std::chrono::year_month_day date;  // the (last) date covered
    // A multi-day digest's first date; nullopt for one date.
    std::optional<std::chrono::year_month_day> from;
    std::string timezone;
    std::size_t tickets = 0;        // created on the dates (in the request type, when filtered)
    // Whether the channel has tickets on any date: without, no source has delivered anything
    // yet, and the digest says how to connect one instead of "Nothing unusual".
    bool channel_has_tickets = false;
    CrewMetric crew_metric;         // the crew's metric, which leads the digest
    std::vector<Outlier> outliers;  // by date, oldest first; within a date most severe first
    std::vector<Indicator> indicators;
    std::vector<OpenInvestigation> investigations;
    std::vector<Signal> signals;  // the post-release signals the crew has data for
    std::size_t suppressed = 0;   // flags held back by the cooldown of an open investigation
    std::size_t tests = 0;        // tests run, for the curious (and the false-alarm test)
    std::size_t segments = 0;     // segments with tickets, summed over the dates

    bool multi_day() const { return from && *from != date; }
    std::chrono::year_month_day first_date() const { return from.value_or(date); }
};

Digest build_digest(storage::Database& db, const std::string& channel,
                    std::chrono::year_month_day date, const date::time_zone* zone,
                    const DigestOptions& options = {});

// The longest range one digest covers (a scheduled digest after a long downtime, the CLI).
inline constexpr int kMaxDigestDays = 14;

// The digest of every date from `from` to `to` (inclusive, at most kMaxDigestDays): each date
// judged as build_digest judges it, its outliers in date order; indicators and investigations
// as of `to`. What the scheduler posts when a digest covers a weekend or a downtime.
Digest build_digest_range(storage::Database& db, const std::string& channel,
                          std::chrono::year_month_day from, std::chrono::year_month_day to,
                          const date::time_zone* zone, const DigestOptions& options = {});

// What a digest of a channel without any ticket says (text, blocks, and JSON's "no_data_hint").
inline constexpr std::string_view kNoTicketDataHint =
    "No tickets yet in this channel, so the digest cannot see anything. Connect a helpdesk "
    "(`/outliers source add zendesk https://ACME.zendesk.com`) or upload a CSV export with the "
    "message `@ritualbot import`.";

nlohmann::json digest_to_json(const Digest& digest);
inline constexpr std::size_t kTopOutliers = 10;  // listed one by one; the rest are counted

// Lists the first `max_outliers` outliers and counts the rest.
std::string digest_to_text(const Digest& digest, std::size_t max_outliers = kTopOutliers);

}  // namespace ritualbot::commands
