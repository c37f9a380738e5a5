// The digest as JSON for tools (DESIGN.md "Digest JSON"): numbers rounded so the output is
// stable, nulls where a day had no tickets. Not a Slack format.

#include <cmath>

#include "commands/outliers/digest.hpp"

namespace ritualbot::commands {
namespace {

using nlohmann::json;

double round_to(double value, int digits) {
    const double scale = std::pow(10.0, digits);
    return std::round(value * scale) / scale;
}

bool is_duration(const std::string& metric) {
    return find_duration_metric(metric) != nullptr;
}

}  // namespace

json digest_to_json(const Digest& d) {
    json outliers = json::array();
    for (const Outlier& o : d.outliers) {
        const bool seconds = is_duration(o.metric);
        json item = {{"id", o.id},
                     {"kind", std::string(to_string(o.kind))},
                     {"metric", o.metric},
                     {"segment", {{"dimension", o.segment.dimension}, {"value", o.segment.value}}},
                     {"value", seconds ? std::round(o.value) : round_to(o.value, 4)},
                     {"baseline", seconds ? std::round(o.baseline) : round_to(o.baseline, 4)},
                     {"score", round_to(o.score, 2)},
                     {"n", o.n},
                     {"tickets", o.tickets},
                     {"ticket_count", o.ticket_count},
                     {"why", o.why},
                     {"date", format_date(o.date)}};
        if (o.p_value) item["p_value"] = *o.p_value;
        outliers.push_back(std::move(item));
    }
    json indicators = json::array();
    for (const Indicator& i : d.indicators) {
        json values = json::array();
        for (const auto& v : i.values) values.push_back(v ? json(round_to(*v, 4)) : json(nullptr));
        indicators.push_back(
            {{"metric", i.metric},
             {"days", i.days},
             {"values", values},
             {"week_change", i.week_change ? json(round_to(*i.week_change, 4)) : json(nullptr)},
             {"sparkline", i.sparkline}});
    }
    json investigations = json::array();
    for (const OpenInvestigation& i : d.investigations) {
        investigations.push_back(
            {{"outlier_id", i.outlier_id},
             {"metric", i.metric},
             {"segment", {{"dimension", i.segment.dimension}, {"value", i.segment.value}}},
             {"owner", i.owner},
             {"cause", i.cause},
             {"opened_at", i.opened_at},
             {"days_open", i.days_open}});
    }
    // Post-release signals: value null when the dates have no data for one ("no data").
    json signals = json::array();
    for (const Signal& s : d.signals) {
        const bool seconds = is_duration(s.metric);
        json value = nullptr;
        if (s.value) value = seconds ? std::round(*s.value) : round_to(*s.value, 4);
        json item = {{"metric", s.metric}, {"value", std::move(value)}, {"n", s.n}};
        if (!seconds) item["k"] = s.k;
        signals.push_back(std::move(item));
    }
    // The crew's metric, which leads the digest (an added field; the names above are fixed).
    const CrewMetric& m = d.crew_metric;
    const auto rounded = [&m](const std::optional<double>& v) {
        if (!v) return json(nullptr);
        return json(m.duration ? std::round(*v) : round_to(*v, 4));
    };
    json crew_metric = {{"metric", m.metric},
                        {"value", rounded(m.value)},
                        {"baseline", rounded(m.baseline)},
                        {"n", m.n}};
    json out = {{"channel", d.channel},
                {"date", format_date(d.date)},
                {"timezone", d.timezone},
                {"tickets", d.tickets},
                {"channel_has_tickets", d.channel_has_tickets},
                {"crew_metric", std::move(crew_metric)},
                {"outliers", outliers},
                {"indicators", indicators},
                {"investigations", investigations},
                {"signals", signals},
                {"suppressed", d.suppressed},
                {"tests", d.tests}};
    if (!d.channel_has_tickets) out["no_data_hint"] = std::string(kNoTicketDataHint);
    if (d.multi_day()) {
        out["from"] = format_date(*d.from);
        out["to"] = format_date(d.date);
    }
    return out;
}

}  // namespace ritualbot::commands
