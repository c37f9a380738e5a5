#pragma once
// The trend picture's data: a crew's leading indicators week by week, each with its baseline,
// and the changes meant to bend them (procedure changes, improvements done) as dated marks. A
// domain value: built here from the database, carried through the outbox as JSON, drawn by
// render/chart_png (cairo) when the bot uploads it, and told in words by chart_alt_text for
// people who cannot see the picture. Reads the database it is given; otherwise pure.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "commands/outliers/weekly_values.hpp"
#include "storage/database.hpp"

namespace date {
class time_zone;
}

namespace ritualbot::commands {

inline constexpr int kChartWeeks = 8;
inline constexpr int kBaselineWeeks = 4;          // the weeks before the chart, pooled
inline constexpr std::size_t kMaxAltText = 1000;  // what files.getUploadURLExternal accepts

struct ChartSeries {
    std::string metric;                         // digest name, e.g. "reopen_rate"
    std::string label;                          // "reopen rate"
    bool duration = false;                      // values are seconds; otherwise shares 0..1
    std::vector<std::optional<double>> values;  // per week, oldest first; nullopt: no data
    std::optional<double> baseline;             // over the kBaselineWeeks before the chart

    bool operator==(const ChartSeries&) const = default;
};

enum class MarkKind { procedure_change, improvement_done };

struct ChartMark {
    MarkKind kind = MarkKind::procedure_change;
    std::string date;   // YYYY-MM-DD in the channel's zone
    int day = 0;        // 0 .. weeks·7 − 1, counted from the chart's first day
    std::string label;  // plain text: "Refunds changed", "improvement #12 done"

    bool operator==(const ChartMark&) const = default;
};

struct TrendChart {
    std::string first_day;  // YYYY-MM-DD: the first day of the oldest week
    std::string last_day;   // YYYY-MM-DD: the newest week's last day
    std::string time_zone;
    int weeks = 0;
    std::vector<ChartSeries> series;
    std::vector<ChartMark> marks;  // by day

    bool operator==(const TrendChart&) const = default;
};

// What the picture shows: `lead` (the crew's metric, see kCrewMetrics) first, then the leading
// rates. An unknown `lead` falls back to resolution.
std::vector<MetricRef> chart_metrics(std::string_view lead);

// The crew's tickets over the `weeks` 7-day blocks ending on `last_day` (the baseline reads the
// kBaselineWeeks before them), with the channel's procedure changes and improvements done in
// that span.
TrendChart load_trend_chart(storage::Database& db, const std::string& channel,
                            const std::vector<MetricRef>& metrics, int weeks,
                            std::chrono::year_month_day last_day, const date::time_zone* zone);

// Every number of the picture in words, at most kMaxAltText bytes (cut at a whole series).
std::string chart_alt_text(const TrendChart& chart);

nlohmann::json chart_to_json(const TrendChart& chart);
// nullopt when `json` is not a chart chart_to_json wrote.
std::optional<TrendChart> chart_from_json(const nlohmann::json& json);

}  // namespace ritualbot::commands
