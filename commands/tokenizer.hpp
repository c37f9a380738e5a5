#pragma once
// The one tokenizer for every command's arguments, and the small parsers that read tokens.
//
// Input is slash-command text as Slack sends it with `should_escape: true`: mentions arrive as
// `<@U123>` or `<@U123|name>`, channels `<#C123|name>`, user groups `<!subteam^S123|@grp>`, links
// `<https://x|label>`, and the user's own `&`, `<`, `>` as `&amp;`, `&lt;`, `&gt;`. A bare `<`
// therefore always opens one of Slack's angle-bracket forms.
//
// Pure functions; no state, safe from any thread.

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "commands/result.hpp"

namespace ritualbot::commands {

enum class TokenKind { word, user, channel, usergroup, link };

struct Token {
    TokenKind kind = TokenKind::word;
    std::string raw;        // as Slack sent it (still escaped, quotes kept): safe to echo in mrkdwn
    std::string value;      // word: unescaped text without quotes; user/channel/usergroup: the id;
                            // link: the URL; word from `<!here>` etc.: "@here"
    std::string label;      // the part after `|` in an angle-bracket form, unescaped; may be empty
    std::size_t begin = 0;  // byte offsets of raw in the tokenized text
    std::size_t end = 0;

    bool operator==(const Token&) const = default;
};

// Splits on whitespace; "double quoted" (or “curly quoted”) text is one word token. Fails on an
// unterminated quote or angle bracket, with a message that says where.
Result<std::vector<Token>> tokenize(std::string_view text);

// The token as it should appear inside a reply: mentions stay mentions, words are escaped.
std::string to_mrkdwn(const Token& token);

// A calendar date written YYYY-MM-DD; rejects dates that do not exist (2026-02-30).
Result<std::chrono::year_month_day> parse_date(std::string_view text);

// A whole number in [min, max], decimal, optional sign, nothing else.
Result<int> parse_int(std::string_view text, int min, int max);

// Undoes Slack's escaping of &, <, > (only those three, as Slack only escapes those).
std::string unescape_slack(std::string_view text);

// Escapes &, <, > so user text cannot form mentions or links in a message we post.
std::string escape_mrkdwn(std::string_view text);

// Without leading and trailing whitespace (space, tab, CR, LF, FF, VT).
std::string trim(std::string_view text);

// ASCII lower case; command and subcommand names are matched case-insensitively.
std::string to_lower(std::string_view text);

}  // namespace ritualbot::commands
