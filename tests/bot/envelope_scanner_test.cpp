#include "bot/slack/envelope_scanner.hpp"
#include "fixtures.hpp"
#include "support/envelope_difference.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace ritualbot::bot::slack;
using ritualbot::test::envelope_difference;
using ritualbot::testing::load_slack_fixture;

namespace {

// A slash command frame as Slack sends it, with `payload_fields` (JSON text) in its payload.
std::string slash_frame(const std::string& payload_fields) {
    return R"({"envelope_id":"e1","payload":{"team_id":"T1","channel_id":"C1","user_id":"U1",)" +
           payload_fields + R"(},"type":"slash_commands","accepts_response_payload":true})";
}

// The scanner read the frame, and read it as the full parse does.
void check_scanned_as_in_full(const std::string& frame) {
    INFO(frame);
    const auto scanned = scan_slash_command(frame);
    REQUIRE(scanned);
    const ParsedFrame full = parse_frame_in_full(frame);
    REQUIRE(full.envelope);
    CHECK(envelope_difference(*scanned, *full.envelope).empty());
}

// The scanner declined the frame; parse_frame still gives what the full parse gives.
void check_declined(const std::string& frame) {
    INFO(frame);
    CHECK_FALSE(scan_slash_command(frame));
    const ParsedFrame parsed = parse_frame(frame);
    const ParsedFrame full = parse_frame_in_full(frame);
    REQUIRE(parsed.envelope.has_value() == full.envelope.has_value());
    CHECK(parsed.error == full.error);
    if (parsed.envelope) CHECK(envelope_difference(*parsed.envelope, *full.envelope).empty());
}

}  // namespace

TEST_CASE("the scanner reads Slack's slash command sample as the full parse does") {
    const auto envelopes = load_slack_fixture("socket_mode_envelopes.json");
    const std::string frame = envelopes[1].dump(2);  // indented: whitespace everywhere
    check_scanned_as_in_full(frame);
    const auto scanned = scan_slash_command(frame);
    CHECK(scanned->type == EnvelopeType::slash_commands);
    CHECK(scanned->envelope_id == "1d3c79ab-0ffb-41f3-a080-d19e85f53649");
    CHECK(scanned->accepts_response_payload);
    CHECK(scanned->payload.is_null());
    CHECK(scanned->command.command == "/hello-socket-mode");
    CHECK(scanned->command.text.empty());
    CHECK(scanned->command.channel_id == "C111");
    CHECK(scanned->command.user_id == "U111");
    CHECK(scanned->command.team_id == "T111");
    CHECK(scanned->command.trigger_id == "111.222.xxx");
}

TEST_CASE("the scanner leaves every other Slack sample to the full parse") {
    const auto envelopes = load_slack_fixture("socket_mode_envelopes.json");
    for (std::size_t i = 0; i < envelopes.size(); ++i)
        if (envelopes[i]["type"] != "slash_commands") check_declined(envelopes[i].dump());
    const auto control = load_slack_fixture("socket_mode_control_messages.json");
    for (const auto& [name, frame] : control.items()) check_declined(frame.dump());
    check_declined(load_slack_fixture("block_actions_button_in_message.json").dump());
}

TEST_CASE("the scanner decodes every JSON escape and UTF-8 text as the full parse does") {
    check_scanned_as_in_full(slash_frame(
        R"("command":"\/captain","text":"who \"is\" \\ on\tcall\n\b\f\r \u00e9\u20AC \ud83d\ude00 caf\u00E9")"));
    check_scanned_as_in_full(slash_frame("\"command\":\"/suggest\",\"text\":\"add caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\""));
    check_scanned_as_in_full(slash_frame(R"("command":"/ritual","text":"a\u0000b")"));
    // Escaped keys name the same fields; a repeated field keeps its last value.
    check_scanned_as_in_full(slash_frame(R"("comm\u0061nd":"/ritual","text":"one","text":"two")"));
    // Fields no command reads, retries, and unknown flat members are read past.
    check_scanned_as_in_full(
        R"({"type":"slash_commands","retry_attempt":3,"retry_reason":"timeout","x":null,)"
        R"("y":false,"z":12,"envelope_id":"e2","payload":{"command":"/captain","text":"who",)"
        R"("response_url":"https:\/\/hooks.slack.com\/commands\/T1\/1\/x",)"
        R"("is_enterprise_install":false,"n":0,"m":null}})");
}

TEST_CASE("shapes the scanner does not read go to the full parse, which decides") {
    const std::string declined[] = {
        slash_frame(R"("command":"/captain","text":{"nested":true})"),
        slash_frame(R"("command":"/captain","text":5)"),
        slash_frame(R"("command":"/captain","text":null)"),
        slash_frame(R"("command":"/captain","text":"lone \ud83d surrogate")"),
        slash_frame(R"("command":"/captain","text":"lone \ude00 low")"),
        slash_frame(R"("command":"/captain","text":"bad \x escape")"),
        slash_frame("\"command\":\"/captain\",\"text\":\"bad \xff byte\""),
        slash_frame("\"command\":\"/captain\",\"text\":\"overlong \xc0\xaf\""),
        slash_frame("\"command\":\"/captain\",\"text\":\"surrogate \xed\xa0\x80\""),
        slash_frame("\"command\":\"/captain\",\"text\":\"raw\ttab\""),
        R"({"envelope_id":"e1","type":"slash_commands","retry_attempt":1.5,"payload":{}})",
        R"({"envelope_id":"e1","type":"slash_commands","retry_attempt":-1,"payload":{}})",
        R"({"envelope_id":"e1","type":"slash_commands","retry_attempt":1234567890,"payload":{}})",
        R"({"envelope_id":"e1","type":"slash_commands","retry_attempt":01,"payload":{}})",
        R"({"envelope_id":"e1","type":"slash_commands","accepts_response_payload":null,"payload":{}})",
        R"({"envelope_id":"e1","type":"slash_commands","payload":{"text":"a"},"payload":{}})",
        R"({"envelope_id":"e1","type":"slash_commands","payload":{},"extra":[1]})",
        R"({"envelope_id":"e1","type":"slash_commands","payload":{}} trailing)",
        "\xef\xbb\xbf" R"({"envelope_id":"e1","type":"slash_commands","payload":{}})",
        R"({"envelope_id":"","type":"slash_commands","payload":{}})",
        R"({"envelope_id":"e1","type":"slash_commands"})",
        R"({"envelope_id":"e1","type":"slash_commands","payload":"text"})",
        R"({"envelope_id":"e1","type":"slash_commands","payload":{})",
        R"({"envelope_id":"e1","type":"events_api","payload":{}})",
        "{}",
        "",
    };
    for (const std::string& frame : declined) check_declined(frame);
}

TEST_CASE("a slash command reads the same through parse_frame whichever path took it") {
    const std::string frame = slash_frame(R"("command":"/captain","text":"who")");
    const ParsedFrame parsed = parse_frame(frame);
    REQUIRE(parsed.envelope);
    CHECK(parsed.envelope->command.command == "/captain");
    CHECK(parsed.envelope->command.text == "who");
    // The same command through the full parse (a nested field makes the scanner decline).
    const ParsedFrame nested = parse_frame(
        slash_frame(R"("command":"/captain","text":"who","enterprise":{"id":"E1"})"));
    REQUIRE(nested.envelope);
    CHECK(nested.envelope->command.command == "/captain");
    CHECK(nested.envelope->command.text == "who");
    CHECK(nested.envelope->payload.is_null());
}
