#include "bot/slack/envelope.hpp"
#include "fixtures.hpp"

#include <catch2/catch.hpp>

using namespace ritualbot::bot::slack;
using ritualbot::testing::load_slack_fixture;

TEST_CASE("every envelope sample from Slack's SDKs parses with its id and type") {
    const auto envelopes = load_slack_fixture("socket_mode_envelopes.json");
    REQUIRE(envelopes.size() == 5);
    for (const auto& sample : envelopes) {
        const ParsedFrame parsed = parse_frame(sample.dump());
        REQUIRE(parsed.envelope);
        CHECK(parsed.envelope->envelope_id == sample["envelope_id"]);
        CHECK(parsed.envelope->type_name == sample["type"]);
        CHECK(parsed.envelope->type != EnvelopeType::unknown);
        CHECK(parsed.envelope->needs_ack());
        // A slash command's payload is read into its command.
        CHECK(parsed.envelope->payload.is_object() ==
              (parsed.envelope->type != EnvelopeType::slash_commands));
    }
    const ParsedFrame slash = parse_frame(envelopes[1].dump());
    CHECK(slash.envelope->type == EnvelopeType::slash_commands);
    CHECK(slash.envelope->accepts_response_payload);
    CHECK(slash.envelope->command.command == "/hello-socket-mode");
}

TEST_CASE("control frames: hello carries num_connections, disconnect its reason") {
    const auto control = load_slack_fixture("socket_mode_control_messages.json");
    const ParsedFrame hello = parse_frame(control["hello_slack_go"].dump());
    REQUIRE(hello.envelope);
    CHECK(hello.envelope->type == EnvelopeType::hello);
    CHECK(hello.envelope->num_connections == 4);
    CHECK_FALSE(hello.envelope->needs_ack());

    const ParsedFrame warning = parse_frame(control["disconnect_warning_slack_go"].dump());
    REQUIRE(warning.envelope);
    CHECK(warning.envelope->type == EnvelopeType::disconnect);
    CHECK(warning.envelope->disconnect_reason == "warning");

    const ParsedFrame too_many =
        parse_frame(control["disconnect_too_many_websockets_python_sdk_mock"].dump());
    REQUIRE(too_many.envelope);
    CHECK(too_many.envelope->disconnect_reason == "too_many_websockets");
}

TEST_CASE("retried events_api envelopes expose the attempt and reason") {
    const ParsedFrame parsed = parse_frame(
        R"({"envelope_id":"e1","type":"events_api","payload":{"event_id":"Ev1","event":{}},)"
        R"("retry_attempt":2,"retry_reason":"timeout"})");
    REQUIRE(parsed.envelope);
    CHECK(parsed.envelope->retry_attempt == 2);
    CHECK(parsed.envelope->retry_reason == "timeout");
}

TEST_CASE("frames that cannot be served are errors with a reason, not crashes") {
    const std::pair<const char*, const char*> cases[] = {
        {"", "not valid JSON"},
        {R"({"envelope_id":"x","type":"events_api","payload":{)", "not valid JSON"},
        {"[1,2]", "not a JSON object"},
        {R"({"envelope_id":"x"})", "no \"type\""},
        {R"({"type":"slash_commands","payload":{}})", "no envelope_id"},
        {R"({"type":"events_api","envelope_id":"x","payload":"text"})", "no payload object"},
    };
    for (const auto& [frame, reason] : cases) {
        const ParsedFrame parsed = parse_frame(frame);
        INFO(frame);
        CHECK_FALSE(parsed.envelope);
        CHECK_THAT(parsed.error, Catch::Contains(reason));
    }
}

TEST_CASE("an unknown envelope type still parses so it can be acked") {
    const ParsedFrame parsed = parse_frame(R"({"type":"brand_new","envelope_id":"e9","payload":{}})");
    REQUIRE(parsed.envelope);
    CHECK(parsed.envelope->type == EnvelopeType::unknown);
    CHECK(parsed.envelope->needs_ack());
}

TEST_CASE("acks echo the envelope id and carry the payload only when there is one") {
    CHECK(nlohmann::json::parse(make_ack("abc")) == nlohmann::json{{"envelope_id", "abc"}});
    const auto with_payload =
        nlohmann::json::parse(make_ack("abc", {{"text", "hi <@U1>"}, {"response_type", "in_channel"}}));
    CHECK(with_payload["envelope_id"] == "abc");
    CHECK(with_payload["payload"]["text"] == "hi <@U1>");
    // Invalid UTF-8 from a user must not make the ack unserialisable.
    CHECK_NOTHROW(make_ack("abc", {{"text", std::string("bad \xff byte")}}));
}
