#include "bot/runtime/metrics.hpp"

#include <catch2/catch.hpp>

using ritualbot::bot::Metrics;

TEST_CASE("counters, gauges and histograms render as Prometheus text") {
    Metrics metrics;
    metrics.describe("ritualbot_envelopes_received_total", "counter", "Envelopes received.");
    metrics.add("ritualbot_envelopes_received_total", {{"type", "slash_commands"}});
    metrics.add("ritualbot_envelopes_received_total", {{"type", "slash_commands"}});
    metrics.add("ritualbot_envelopes_received_total", {{"type", "events_api"}});
    metrics.set("ritualbot_up", {}, 1);
    metrics.observe("ritualbot_ack_latency_seconds", {{"type", "events_api"}}, 0.0007);
    metrics.observe("ritualbot_ack_latency_seconds", {{"type", "events_api"}}, 3.0);
    int depth = 4;
    metrics.gauge_callback("ritualbot_outbox_depth", [&] { return depth; });

    CHECK(metrics.value("ritualbot_envelopes_received_total", {{"type", "slash_commands"}}) == 2);
    depth = 5;
    CHECK(metrics.value("ritualbot_outbox_depth") == 5);

    const std::string text = metrics.render();
    CHECK_THAT(text, Catch::Contains("# HELP ritualbot_envelopes_received_total Envelopes received."));
    CHECK_THAT(text, Catch::Contains("# TYPE ritualbot_envelopes_received_total counter"));
    CHECK_THAT(text, Catch::Contains("ritualbot_envelopes_received_total{type=\"slash_commands\"} 2\n"));
    CHECK_THAT(text, Catch::Contains("ritualbot_up 1\n"));
    CHECK_THAT(text, Catch::Contains("ritualbot_outbox_depth 5\n"));
    CHECK_THAT(text, Catch::Contains("# TYPE ritualbot_ack_latency_seconds histogram"));
    CHECK_THAT(text, Catch::Contains("ritualbot_ack_latency_seconds_bucket{type=\"events_api\",le=\"0.0005\"} 0\n"));
    CHECK_THAT(text, Catch::Contains("ritualbot_ack_latency_seconds_bucket{type=\"events_api\",le=\"0.001\"} 1\n"));
    CHECK_THAT(text, Catch::Contains("ritualbot_ack_latency_seconds_bucket{type=\"events_api\",le=\"+Inf\"} 2\n"));
    CHECK_THAT(text, Catch::Contains("ritualbot_ack_latency_seconds_count{type=\"events_api\"} 2\n"));
}

TEST_CASE("label values are escaped") {
    Metrics metrics;
    metrics.add("m", {{"reason", "say \"hi\"\\\n"}});
    CHECK_THAT(metrics.render(), Catch::Contains(R"(m{reason="say \"hi\"\\\n"} 1)"));
}
