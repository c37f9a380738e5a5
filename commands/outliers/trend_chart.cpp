#include "commands/outliers/trend_chart.hpp"

#include <algorithm>

#include <date/tz.h>

#include "commands/outliers/metrics.hpp"
#include "commands/outliers/trend.hpp"
#include "commands/tokenizer.hpp"
#include "storage/procedures.hpp"
#include "storage/suggestions_improvements.hpp"

namespace ritualbot::commands {
namespace {

using nlohmann::json;

std::string_view mark_kind_name(MarkKind kind) {
    return kind == MarkKind::procedure_change ? "procedure_change" : "improvement_done";
}

// The marks dated in the chart's span, by day.
std::vector<ChartMark> load_marks(storage::Database& db, const std::string& channel,
                                  std::chrono::year_month_day first, int days) {
    using namespace std::chrono;
    const std::string first_date = format_date(first);
    const std::string last_date =
        format_date(year_month_day{sys_days{first} + std::chrono::days{days - 1}});
    const auto day_of = [&](const std::string& date) {
        const auto parsed = parse_date(date);
        return parsed ? static_cast<int>((sys_days{*parsed} - sys_days{first}).count()) : -1;
    };
    std::vector<ChartMark> marks;
    for (const auto& change : storage::Procedures(db).changes(channel, first_date, last_date)) {
        marks.push_back({MarkKind::procedure_change, change.event.local_date,
                         day_of(change.event.local_date),
                         std::string(change.procedure).append(" changed")});
    }
    for (const auto& done :
         storage::Improvements(db).done_between(channel, first_date, last_date)) {
        marks.push_back({MarkKind::improvement_done, done.done_date, day_of(done.done_date),
                         std::string("improvement #")
                             .append(std::to_string(done.suggestion_id))
                             .append(" done")});
    }
    std::erase_if(marks, [](const ChartMark& mark) { return mark.day < 0; });
    std::stable_sort(marks.begin(), marks.end(),
                     [](const ChartMark& a, const ChartMark& b) { return a.day < b.day; });
    return marks;
}

std::string series_words(const ChartSeries& series, const MetricRef& metric) {
    std::string words = series.label;
    words += ": ";
    for (std::size_t w = 0; w < series.values.size(); ++w) {
        if (w > 0) words += ", ";
        words += series.values[w] ? format_value(metric, *series.values[w]) : "no data";
    }
    if (series.baseline)
        words.append(" (baseline ").append(format_value(metric, *series.baseline)).append(")");
    return words.append(". ");
}

json optional_number(const std::optional<double>& value) {
    return value ? json(*value) : json(nullptr);
}

std::optional<double> number_or_null(const json& value) {
    if (value.is_number()) return value.get<double>();
    return std::nullopt;
}

}  // namespace

std::vector<MetricRef> chart_metrics(std::string_view lead) {
    const auto lead_metric = find_metric(lead);
    std::vector<MetricRef> metrics{lead_metric.value_or(*find_metric("resolution"))};
    for (const RateMetric& rate : kRateMetrics) {
        if (rate.leading && rate.name != lead) metrics.push_back(MetricRef{nullptr, &rate});
    }
    return metrics;
}

TrendChart load_trend_chart(storage::Database& db, const std::string& channel,
                            const std::vector<MetricRef>& metrics, int weeks,
                            std::chrono::year_month_day last_day, const date::time_zone* zone) {
    using namespace std::chrono;
    const int all_weeks = kBaselineWeeks + weeks;
    const year_month_day read_from{sys_days{last_day} - days{all_weeks * 7 - 1}};
    const year_month_day first{sys_days{read_from} + days{kBaselineWeeks * 7}};
    const TicketWindow window = load_window(db, channel, read_from, all_weeks * 7, zone);

    TrendChart chart;
    chart.first_day = format_date(first);
    chart.last_day = format_date(last_day);
    chart.time_zone = std::string(zone->name());
    chart.weeks = weeks;
    for (const MetricRef& metric : metrics) {
        WeeklyValues weekly(metric, all_weeks);
        for (std::size_t i = 0; i < window.tickets.size(); ++i)
            weekly.add(window.tickets[i], window.day[i] / 7);
        auto values = weekly.values();
        values.erase(values.begin(), values.begin() + kBaselineWeeks);
        // A panel of nothing says nothing: an indicator the crew's data lacks is left out, but
        // the lead is always drawn, so its absence shows.
        const bool has_data =
            std::any_of(values.begin(), values.end(), [](const auto& v) { return v.has_value(); });
        if (!has_data && !chart.series.empty()) continue;
        const std::string_view name = metric.duration ? metric.duration->name : metric.rate->name;
        chart.series.push_back({std::string(name), std::string(metric.label()),
                                metric.duration != nullptr, std::move(values),
                                weekly.pooled(0, kBaselineWeeks - 1)});
    }
    chart.marks = load_marks(db, channel, first, weeks * 7);
    return chart;
}

std::string chart_alt_text(const TrendChart& chart) {
    std::string text = std::string("Weekly trend, ")
                           .append(std::to_string(chart.weeks))
                           .append(" weeks from ")
                           .append(chart.first_day)
                           .append(" to ")
                           .append(chart.last_day)
                           .append(", oldest week first. ");
    for (const ChartSeries& series : chart.series) {
        const auto metric = find_metric(series.metric);
        if (!metric) continue;
        const std::string words = series_words(series, *metric);
        if (text.size() + words.size() > kMaxAltText) return text;
        text += words;
    }
    for (const ChartMark& mark : chart.marks) {
        const std::string words =
            std::string(mark.date).append(": ").append(mark.label).append(". ");
        if (text.size() + words.size() > kMaxAltText) break;
        text += words;
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    return text;
}

json chart_to_json(const TrendChart& chart) {
    json series = json::array();
    for (const ChartSeries& s : chart.series) {
        json values = json::array();
        for (const auto& value : s.values) values.push_back(optional_number(value));
        series.push_back({{"metric", s.metric},
                          {"label", s.label},
                          {"duration", s.duration},
                          {"values", std::move(values)},
                          {"baseline", optional_number(s.baseline)}});
    }
    json marks = json::array();
    for (const ChartMark& m : chart.marks) {
        marks.push_back({{"kind", mark_kind_name(m.kind)},
                         {"date", m.date},
                         {"day", m.day},
                         {"label", m.label}});
    }
    return {{"first_day", chart.first_day}, {"last_day", chart.last_day},
            {"time_zone", chart.time_zone}, {"weeks", chart.weeks},
            {"series", std::move(series)},  {"marks", std::move(marks)}};
}

std::optional<TrendChart> chart_from_json(const json& in) {
    // A chart is read back from the outbox it was written to: anything else is not one.
    try {
        TrendChart chart;
        chart.first_day = in.at("first_day").get<std::string>();
        chart.last_day = in.at("last_day").get<std::string>();
        chart.time_zone = in.at("time_zone").get<std::string>();
        chart.weeks = in.at("weeks").get<int>();
        if (chart.weeks < 1 || chart.weeks > kMaxTrendWeeks) return std::nullopt;
        if (!parse_date(chart.first_day) || !parse_date(chart.last_day)) return std::nullopt;
        for (const json& s : in.at("series")) {
            ChartSeries series{s.at("metric").get<std::string>(),
                               s.at("label").get<std::string>(),
                               s.at("duration").get<bool>(),
                               {},
                               number_or_null(s.at("baseline"))};
            for (const json& value : s.at("values")) series.values.push_back(number_or_null(value));
            if (series.values.size() != static_cast<std::size_t>(chart.weeks)) return std::nullopt;
            chart.series.push_back(std::move(series));
        }
        if (chart.series.empty()) return std::nullopt;
        for (const json& m : in.at("marks")) {
            const std::string kind = m.at("kind").get<std::string>();
            if (kind != mark_kind_name(MarkKind::procedure_change) &&
                kind != mark_kind_name(MarkKind::improvement_done))
                return std::nullopt;
            ChartMark mark{kind == mark_kind_name(MarkKind::procedure_change)
                               ? MarkKind::procedure_change
                               : MarkKind::improvement_done,
                           m.at("date").get<std::string>(), m.at("day").get<int>(),
                           m.at("label").get<std::string>()};
            if (mark.day < 0 || mark.day >= chart.weeks * 7) return std::nullopt;
            chart.marks.push_back(std::move(mark));
        }
        return chart;
    } catch (const json::exception&) {
        return std::nullopt;
    }
}

}  // namespace ritualbot::commands
