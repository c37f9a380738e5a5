#include "bot/runtime/metrics.hpp"

#include "bot/runtime/quoted.hpp"

#include <array>
#include <cstdio>

namespace ritualbot::bot {
namespace {

std::string label_text(const Labels& labels, const std::string& extra = {}) {
    if (labels.empty() && extra.empty()) return {};
    std::string text = "{";
    for (const auto& [key, value] : labels) {
        if (text.size() > 1) text += ',';
        text += key + '=';
        append_quoted(text, value);
    }
    if (!extra.empty()) text += (text.size() > 1 ? "," : "") + extra;
    return text + "}";
}

std::string number(double value) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.15g", value);
    return buf;
}

}  // namespace

const std::vector<double>& Metrics::latency_buckets() {
    static const std::vector<double> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                 0.05,   0.1,   0.25,   0.5,   1.0,  2.5};
    return kBuckets;
}

void Metrics::add(const std::string& name, const Labels& labels, double value) {
    families_[name].values[labels] += value;
}

void Metrics::set(const std::string& name, const Labels& labels, double value) {
    Family& family = families_[name];
    family.type = "gauge";
    family.values[labels] = value;
}

void Metrics::observe(const std::string& name, const Labels& labels, double value) {
    Family& family = families_[name];
    family.type = "histogram";
    Histogram& histogram = family.histograms[labels];
    const auto& buckets = latency_buckets();
    if (histogram.counts.empty()) histogram.counts.assign(buckets.size(), 0);
    for (std::size_t i = 0; i < buckets.size(); ++i) {
        if (value <= buckets[i]) {
            ++histogram.counts[i];
            break;
        }
    }
    histogram.sum += value;
    ++histogram.count;
}

void Metrics::gauge_callback(const std::string& name, std::function<double()> read) {
    Family& family = families_[name];
    family.type = "gauge";
    family.read = std::move(read);
}

void Metrics::describe(const std::string& name, const std::string& type, const std::string& help) {
    Family& family = families_[name];
    family.type = type;
    family.help = help;
}

double Metrics::value(const std::string& name, const Labels& labels) const {
    const auto family = families_.find(name);
    if (family == families_.end()) return 0;
    if (family->second.read) return family->second.read();
    const auto it = family->second.values.find(labels);
    return it == family->second.values.end() ? 0 : it->second;
}

std::string Metrics::render() const {
    std::string text;
    for (const auto& [name, family] : families_) {
        if (!family.help.empty()) text += "# HELP " + name + " " + family.help + "\n";
        text += "# TYPE " + name + " " + family.type + "\n";
        if (family.read) text += name + " " + number(family.read()) + "\n";
        for (const auto& [labels, value] : family.values) {
            text += name + label_text(labels) + " " + number(value) + "\n";
        }
        for (const auto& [labels, histogram] : family.histograms) {
            const auto& buckets = latency_buckets();
            std::uint64_t cumulative = 0;
            for (std::size_t i = 0; i < buckets.size(); ++i) {
                cumulative += histogram.counts[i];
                text += name + "_bucket" + label_text(labels, "le=\"" + number(buckets[i]) + "\"") +
                        " " + std::to_string(cumulative) + "\n";
            }
            text += name + "_bucket" + label_text(labels, "le=\"+Inf\"") + " " +
                    std::to_string(histogram.count) + "\n";
            text += name + "_sum" + label_text(labels) + " " + number(histogram.sum) + "\n";
            text += name + "_count" + label_text(labels) + " " + std::to_string(histogram.count) + "\n";
        }
    }
    return text;
}

Metrics& metrics() {
    static Metrics registry;
    return registry;
}

void describe_bot_metrics(Metrics& registry) {
    static constexpr std::array<std::array<const char*, 3>, 11> kFamilies = {{
        {"ritualbot_envelopes_received_total", "counter",
         "Socket Mode envelopes received, by type."},
        {"ritualbot_envelopes_acked_total", "counter", "Envelopes acked, by type."},
        {"ritualbot_ack_latency_seconds", "histogram",
         "From receiving an envelope to its ack written."},
        {"ritualbot_api_calls_total", "counter", "Web API calls, by method and outcome."},
        {"ritualbot_api_http_429_total", "counter", "Web API answers with HTTP 429, by method."},
        {"ritualbot_reconnects_total", "counter", "Socket Mode reconnects, by reason."},
        {"ritualbot_scheduled_runs_total", "counter",
         "Scheduled ritual runs by outcome: fired, superseded (a newer occurrence came), failed."},
        {"ritualbot_tickets_ingested_total", "counter", "Tickets received on /ingest/tickets."},
        {"ritualbot_task_restarts_total", "counter",
         "Restarts of a long-lived task after it failed, by task."},
        {"ritualbot_worker_jobs_total", "counter",
         "Jobs the worker finished, by job and outcome (done, failed)."},
        {"ritualbot_database_calls_failed_total", "counter",
         "Database calls of the io thread that threw, by call."},
    }};
    for (const auto& [name, type, help] : kFamilies) registry.describe(name, type, help);
}

}  // namespace ritualbot::bot
