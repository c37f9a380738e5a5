#include "commands/tokenizer.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

namespace rc = ritualbot::commands;
using namespace std::chrono;
using rc::TokenKind;

namespace {

struct Expected {
    TokenKind kind;
    std::string value;
    std::string label;
};

struct TokenCase {
    std::string text;
    std::vector<Expected> tokens;
};

}  // namespace

TEST_CASE("tokenize splits Slack text into typed tokens", "[tokenizer]") {
    const std::vector<TokenCase> cases = {
        {"", {}},
        {"   \t ", {}},
        {"who", {{TokenKind::word, "who", ""}}},
        {"  schedule   5 ", {{TokenKind::word, "schedule", ""}, {TokenKind::word, "5", ""}}},
        {"add <@U123ABC>", {{TokenKind::word, "add", ""}, {TokenKind::user, "U123ABC", ""}}},
        {"<@U123ABC|ana>", {{TokenKind::user, "U123ABC", "ana"}}},
        {"<@W0ENT|bo> <@U2>", {{TokenKind::user, "W0ENT", "bo"}, {TokenKind::user, "U2", ""}}},
        {"<@U1><@U2>", {{TokenKind::user, "U1", ""}, {TokenKind::user, "U2", ""}}},
        {"<#C123|support>", {{TokenKind::channel, "C123", "support"}}},
        {"<#C123>", {{TokenKind::channel, "C123", ""}}},
        {"<!subteam^S123|@crew>", {{TokenKind::usergroup, "S123", "@crew"}}},
        {"<https://x.example/a?b=1&amp;c=2|the doc>",
         {{TokenKind::link, "https://x.example/a?b=1&c=2", "the doc"}}},
        {"<https://x.example>", {{TokenKind::link, "https://x.example", ""}}},
        {"<!here>", {{TokenKind::word, "@here", ""}}},
        {"\"fix the macro\" #billing",
         {{TokenKind::word, "fix the macro", ""}, {TokenKind::word, "#billing", ""}}},
        {"\"\"", {{TokenKind::word, "", ""}}},
        {"\xE2\x80\x9C"
         "curly quotes"
         "\xE2\x80\x9D",
         {{TokenKind::word, "curly quotes", ""}}},
        {"a&amp;b &lt;tag&gt;", {{TokenKind::word, "a&b", ""}, {TokenKind::word, "<tag>", ""}}},
        {"\"5 &gt; 3\"", {{TokenKind::word, "5 > 3", ""}}},
        {"x\xC2\xA0y", {{TokenKind::word, "x", ""}, {TokenKind::word, "y", ""}}},
        {"caf\xC3\xA9", {{TokenKind::word, "caf\xC3\xA9", ""}}},
    };
    for (const TokenCase& c : cases) {
        INFO("text: " << c.text);
        const auto tokens = rc::tokenize(c.text);
        REQUIRE(tokens);
        REQUIRE(tokens->size() == c.tokens.size());
        for (std::size_t i = 0; i < c.tokens.size(); ++i) {
            INFO("token " << i);
            CHECK((*tokens)[i].kind == c.tokens[i].kind);
            CHECK((*tokens)[i].value == c.tokens[i].value);
            CHECK((*tokens)[i].label == c.tokens[i].label);
        }
    }
}

TEST_CASE("tokens keep the raw text and its position", "[tokenizer]") {
    const std::string text = "swap <@U1|ana>  \"two words\"";
    const auto tokens = rc::tokenize(text);
    REQUIRE(tokens);
    REQUIRE(tokens->size() == 3);
    CHECK((*tokens)[1].raw == "<@U1|ana>");
    CHECK((*tokens)[2].raw == "\"two words\"");
    for (const rc::Token& token : *tokens) {
        CHECK(text.substr(token.begin, token.end - token.begin) == token.raw);
    }
}

TEST_CASE("tokenize reports malformed text as an error value", "[tokenizer]") {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"handoff \"never closed", "never closed"},
        {"\xE2\x80\x9C"
         "curly open",
         "never closed"},
        {"add <@U123", "never closed"},
        {"add <@>", "not a mention"},
        {"<#|x>", "not a mention"},
    };
    for (const auto& [text, message] : cases) {
        INFO("text: " << text);
        const auto tokens = rc::tokenize(text);
        REQUIRE_FALSE(tokens);
        CHECK_THAT(tokens.error(), Catch::Contains(message));
    }
}

TEST_CASE("to_mrkdwn keeps mentions and escapes words", "[tokenizer]") {
    const auto tokens = rc::tokenize("<@U1|ana> a&lt;b");
    REQUIRE(tokens);
    CHECK(rc::to_mrkdwn((*tokens)[0]) == "<@U1|ana>");
    CHECK(rc::to_mrkdwn((*tokens)[1]) == "a&lt;b");
}

TEST_CASE("parse_date accepts real calendar dates only", "[tokenizer][date]") {
    const std::vector<std::pair<std::string, year_month_day>> valid = {
        {"2026-11-27", 2026y / November / 27}, {"2024-02-29", 2024y / February / 29},  // leap year
        {"2000-02-29", 2000y / February / 29},  // divisible by 400: leap
        {"2026-12-31", 2026y / December / 31}, {"2026-01-01", 2026y / January / 1},
    };
    for (const auto& [text, date] : valid) {
        INFO(text);
        const auto parsed = rc::parse_date(text);
        REQUIRE(parsed);
        CHECK(*parsed == date);
    }

    const std::vector<std::string> invalid = {
        "2026-02-30", "2026-02-29",  "1900-02-29",  // 1900: divisible by 100, not a leap year
        "2026-13-01", "2026-00-10",  "2026-04-31", "2026-11-00", "2026-1-5",   "26-11-27",
        "2026/11/27", "2026-11-27x", "",           "tomorrow",   "2026-1a-01", "+026-11-27",
    };
    for (const std::string& text : invalid) {
        INFO(text);
        const auto parsed = rc::parse_date(text);
        REQUIRE_FALSE(parsed);
        CHECK_THAT(parsed.error(), Catch::Contains("is not a date; use YYYY-MM-DD"));
    }
    CHECK(rc::parse_date("2026-02-30").error() ==
          "\"2026-02-30\" is not a date; use YYYY-MM-DD, e.g. 2026-11-27");
}

TEST_CASE("parse_int bounds-checks", "[tokenizer][int]") {
    CHECK(*rc::parse_int("5", 1, 30) == 5);
    CHECK(*rc::parse_int("1", 1, 30) == 1);
    CHECK(*rc::parse_int("30", 1, 30) == 30);
    CHECK(*rc::parse_int("+7", 1, 30) == 7);
    CHECK(*rc::parse_int("-3", -5, 5) == -3);
    CHECK(*rc::parse_int("007", 1, 30) == 7);

    const std::vector<std::string> out_of_range = {"0", "31", "-1", "99999999999",
                                                   "99999999999999999999999"};
    for (const std::string& text : out_of_range) {
        INFO(text);
        const auto n = rc::parse_int(text, 1, 30);
        REQUIRE_FALSE(n);
        CHECK(n.error() == "\"" + text + "\" is out of range; use a number from 1 to 30");
    }
    const std::vector<std::string> not_numbers = {"", "abc", "5x", "1.5", "-", " 5", "five"};
    for (const std::string& text : not_numbers) {
        INFO(text);
        const auto n = rc::parse_int(text, 1, 30);
        REQUIRE_FALSE(n);
        CHECK_THAT(n.error(), Catch::Contains("is not a whole number; use a number from 1 to 30"));
    }
}

TEST_CASE("errors echo user text escaped and shortened", "[tokenizer]") {
    CHECK(rc::parse_int("<b>", 1, 2).error() ==
          "\"&lt;b&gt;\" is not a whole number; use a number from 1 to 2");
    const auto long_text = rc::parse_int(std::string(500, 'x'), 1, 2);
    CHECK(long_text.error().size() < 120);
}

TEST_CASE("escape and unescape are inverse for &, <, >", "[tokenizer]") {
    CHECK(rc::escape_mrkdwn("a & b <c> d") == "a &amp; b &lt;c&gt; d");
    CHECK(rc::unescape_slack("a &amp; b &lt;c&gt; d") == "a & b <c> d");
    CHECK(rc::unescape_slack("&amp;lt;") == "&lt;");  // decoded once, not twice
    CHECK(rc::unescape_slack("&quot; &nbsp; &") == "&quot; &nbsp; &");
    CHECK(rc::escape_mrkdwn("*bold* `code`") == "*bold* `code`");
    const std::string text = "if x < 3 && y > 2 then &amp;";
    CHECK(rc::unescape_slack(rc::escape_mrkdwn(text)) == text);
}

TEST_CASE("Result reading the value of an error is a logic error", "[tokenizer]") {
    const auto n = rc::parse_int("x", 1, 2);
    CHECK_THROWS_AS(n.value(), std::logic_error);
}
