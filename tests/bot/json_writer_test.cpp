#include "bot/slack/json_writer.hpp"
#include "fixtures.hpp"

#include <catch2/catch.hpp>

#include <string>

using ritualbot::bot::slack::append_json;
using ritualbot::testing::load_slack_fixture;

namespace {

std::string written(const nlohmann::json& value) {
    std::string out;
    append_json(out, value);
    return out;
}

std::string dumped(const nlohmann::json& value) {
    return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

TEST_CASE("the JSON writer writes what dump() writes for every Slack fixture") {
    for (const char* name :
         {"socket_mode_envelopes.json", "socket_mode_control_messages.json",
          "block_actions_button_in_message.json", "view_submission_with_state_values.json",
          "events_api_reaction_added_member_joined.json"}) {
        const nlohmann::json fixture = load_slack_fixture(name);
        CAPTURE(name);
        CHECK(written(fixture) == dumped(fixture));
    }
}

TEST_CASE("the JSON writer escapes and passes bytes exactly as dump() does") {
    const std::string cases[] = {
        "",
        "plain ascii",
        "quote \" backslash \\ slash /",
        std::string("controls \b\f\n\r\t \x01\x1f\x7f and a NUL ") + '\0' + " inside",
        "• bullet — dash, “curly”, 日本語, 🎉 emoji",
        "\xc3\x28 invalid 2-byte",          // bad continuation
        "\xe0\x80\xaf overlong",            // overlong '/'
        "\xed\xa0\x80 surrogate",           // U+D800
        "\xf4\x90\x80\x80 above U+10FFFF",  // out of range
        "truncated at the end \xe2\x80",
        "lone continuation \x80 and lead \xc2",
        "\xff\xfe bytes never in UTF-8",
    };
    for (const std::string& text : cases) {
        CAPTURE(text);
        CHECK(written(text) == dumped(text));
    }
}

TEST_CASE("the JSON writer handles every value type and nesting") {
    const nlohmann::json value = {{"z", nullptr},
                                  {"a", true},
                                  {"n", -12},
                                  {"u", 18446744073709551615ULL},
                                  {"f", 0.1},
                                  {"big", 1e300},
                                  {"empty_object", nlohmann::json::object()},
                                  {"empty_array", nlohmann::json::array()},
                                  {"nested", {{"list", {1, "two", {{"three", 3.5}}, nullptr}}}},
                                  {"key \"quoted\" \n", "value"}};
    CHECK(written(value) == dumped(value));
}

TEST_CASE("the JSON writer finds a special byte at any offset of the 8-byte words it skips") {
    const std::string specials[] = {"\"",   "\\", "\n",       std::string(1, '\x1f'),
                                    "\x7f", "é",  "\xe2\x80", "\xff"};
    for (std::size_t length = 1; length <= 24; ++length) {
        for (std::size_t at = 0; at < length; ++at) {
            for (const std::string& special : specials) {
                std::string text(length, 'a');
                text.replace(at, 1, special);
                CAPTURE(length, at, text);
                REQUIRE(written(text) == dumped(text));
            }
        }
    }
}
