#pragma once
// Counters, gauges and histograms for GET /metrics, rendered in Prometheus' text format.
// One registry per process, used from the io thread only (no locks). Label values are
// escaped; label sets are small (types, methods, outcomes), never user input.

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace ritualbot::bot {

using Labels = std::map<std::string, std::string>;

class Metrics {
public:
    void add(const std::string& name, const Labels& labels = {}, double value = 1.0);
    void set(const std::string& name, const Labels& labels, double value);
    void observe(const std::string& name, const Labels& labels, double value);  // histogram

    // Gauges computed when scraped (outbox depth, open sockets): the callback runs on render.
    void gauge_callback(const std::string& name, std::function<double()> read);

    void describe(const std::string& name, const std::string& type, const std::string& help);
    double value(const std::string& name, const Labels& labels = {}) const;  // for tests
    std::string render() const;

    static const std::vector<double>& latency_buckets();  // seconds

private:
    struct Histogram {
        std::vector<std::uint64_t> counts;  // one per bucket, cumulative on render
        double sum = 0;
        std::uint64_t count = 0;
    };
    struct Family {
        std::string type = "counter";
        std::string help;
        std::map<Labels, double> values;
        std::map<Labels, Histogram> histograms;
        std::function<double()> read;
    };
    std::map<std::string, Family> families_;
};

Metrics& metrics();  // the process-wide registry

// The type and help text of every counter and histogram family the bot records.
void describe_bot_metrics(Metrics& registry);

}  // namespace ritualbot::bot
