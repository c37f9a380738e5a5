#include "commands/tokenizer.hpp"

#include <charconv>
#include <cstdint>

namespace ritualbot::commands {
namespace {

// Echoed user text is cut so a pasted essay cannot blow up an error reply.
constexpr std::size_t kMaxEcho = 40;

// Mac and iOS clients turn typed quotes into curly ones; people should not have to care.
constexpr std::string_view kLeftCurlyQuote = "\xE2\x80\x9C";
constexpr std::string_view kRightCurlyQuote = "\xE2\x80\x9D";
// Slack sometimes sends a no-break space where the user typed a space.
constexpr std::string_view kNoBreakSpace = "\xC2\xA0";

std::size_t whitespace_at(std::string_view text, std::size_t i) {
    const char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') return 1;
    if (text.substr(i).starts_with(kNoBreakSpace)) return kNoBreakSpace.size();
    return 0;
}

std::size_t quote_at(std::string_view text, std::size_t i) {
    if (text[i] == '"') return 1;
    const std::string_view rest = text.substr(i);
    if (rest.starts_with(kLeftCurlyQuote) || rest.starts_with(kRightCurlyQuote)) {
        return kLeftCurlyQuote.size();
    }
    return 0;
}

// Keeps UTF-8 intact: never cuts inside a multi-byte sequence.
std::string echo(std::string_view text) {
    if (text.size() <= kMaxEcho) return escape_mrkdwn(text);
    std::size_t cut = kMaxEcho;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    return escape_mrkdwn(text.substr(0, cut)) + "…";
}

Result<Token> read_quoted(std::string_view text, std::size_t begin) {
    const std::size_t open = quote_at(text, begin);
    for (std::size_t i = begin + open; i < text.size(); ++i) {
        if (const std::size_t close = quote_at(text, i); close > 0) {
            Token token;
            token.kind = TokenKind::word;
            token.begin = begin;
            token.end = i + close;
            token.raw = std::string(text.substr(begin, token.end - begin));
            token.value = unescape_slack(text.substr(begin + open, i - begin - open));
            return token;
        }
    }
    return Error{"the quote that starts at \"" + echo(unescape_slack(text.substr(begin + open))) +
                 "\" is never closed; end it with another \""};
}

Result<Token> read_angle(std::string_view text, std::size_t begin) {
    const std::size_t close = text.find('>', begin);
    if (close == std::string_view::npos) {
        return Error{"the text has a `&lt;` that is never closed near \"" +
                     echo(text.substr(begin)) + "\""};
    }
    const std::string_view inner = text.substr(begin + 1, close - begin - 1);
    const std::size_t bar = inner.find('|');
    const std::string_view body = inner.substr(0, bar);

    Token token;
    token.begin = begin;
    token.end = close + 1;
    token.raw = std::string(text.substr(begin, token.end - begin));
    if (bar != std::string_view::npos) token.label = unescape_slack(inner.substr(bar + 1));

    constexpr std::string_view kSubteam = "!subteam^";
    if (body.starts_with('@')) {
        token.kind = TokenKind::user;
        token.value = std::string(body.substr(1));
    } else if (body.starts_with('#')) {
        token.kind = TokenKind::channel;
        token.value = std::string(body.substr(1));
    } else if (body.starts_with(kSubteam)) {
        token.kind = TokenKind::usergroup;
        token.value = std::string(body.substr(kSubteam.size()));
    } else if (body.starts_with('!')) {
        // <!here>, <!channel>, <!everyone>, <!date^…|fallback>: nothing a ritual acts on, so they
        // stay words that read like what the user typed.
        token.kind = TokenKind::word;
        token.value = token.label.empty() ? '@' + std::string(body.substr(1)) : token.label;
    } else {
        token.kind = TokenKind::link;
        token.value = unescape_slack(body);
    }
    if (token.value.empty()) {
        return Error{'"' + echo(token.raw) + "\" is not a mention, channel or link"};
    }
    return token;
}

Token read_word(std::string_view text, std::size_t begin) {
    std::size_t i = begin;
    while (i < text.size() && whitespace_at(text, i) == 0 && text[i] != '<') ++i;
    Token token;
    token.kind = TokenKind::word;
    token.begin = begin;
    token.end = i;
    token.raw = std::string(text.substr(begin, i - begin));
    token.value = unescape_slack(token.raw);
    return token;
}

bool all_digits(std::string_view text) {
    if (text.empty()) return false;
    for (const char c : text) {
        if (c < '0' || c > '9') return false;
    }
    return true;
}

}  // namespace

Result<std::vector<Token>> tokenize(std::string_view text) {
    std::vector<Token> tokens;
    std::size_t i = 0;
    while (i < text.size()) {
        if (const std::size_t space = whitespace_at(text, i); space > 0) {
            i += space;
            continue;
        }
        if (quote_at(text, i) > 0) {
            auto token = read_quoted(text, i);
            if (!token) return Error{token.error()};
            i = token->end;
            tokens.push_back(std::move(*token));
        } else if (text[i] == '<') {
            auto token = read_angle(text, i);
            if (!token) return Error{token.error()};
            i = token->end;
            tokens.push_back(std::move(*token));
        } else {
            Token token = read_word(text, i);
            i = token.end;
            tokens.push_back(std::move(token));
        }
    }
    return tokens;
}

std::string to_mrkdwn(const Token& token) {
    return token.kind == TokenKind::word ? echo(token.value) : token.raw;
}

Result<std::chrono::year_month_day> parse_date(std::string_view text) {
    const std::string error =
        '"' + echo(text) + "\" is not a date; use YYYY-MM-DD, e.g. 2026-11-27";
    if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !all_digits(text.substr(0, 4)) ||
        !all_digits(text.substr(5, 2)) || !all_digits(text.substr(8, 2))) {
        return Error{error};
    }
    const auto number = [&](std::size_t pos, std::size_t len) {
        int n = 0;
        std::from_chars(text.data() + pos, text.data() + pos + len, n);
        return n;
    };
    const std::chrono::year_month_day date{std::chrono::year{number(0, 4)},
                                           std::chrono::month{static_cast<unsigned>(number(5, 2))},
                                           std::chrono::day{static_cast<unsigned>(number(8, 2))}};
    if (!date.ok()) return Error{error};
    return date;
}

Result<int> parse_int(std::string_view text, int min, int max) {
    const std::string range =
        "use a number from " + std::to_string(min) + " to " + std::to_string(max);
    std::string_view digits = text;
    bool negative = false;
    if (!digits.empty() && (digits.front() == '+' || digits.front() == '-')) {
        negative = digits.front() == '-';
        digits.remove_prefix(1);
    }
    if (!all_digits(digits)) {
        return Error{'"' + echo(text) + "\" is not a whole number; " + range};
    }
    // Parsed wide so that 99999999999 is reported as out of range rather than as not a number.
    std::int64_t magnitude = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), magnitude);
    const bool too_long = ec == std::errc::result_out_of_range;
    const std::int64_t value = negative ? -magnitude : magnitude;
    if (too_long || value < min || value > max) {
        return Error{'"' + echo(text) + "\" is out of range; " + range};
    }
    return static_cast<int>(value);
}

std::string unescape_slack(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const std::string_view rest = text.substr(i);
        if (rest.starts_with("&amp;")) {
            out += '&';
            i += 4;
        } else if (rest.starts_with("&lt;")) {
            out += '<';
            i += 3;
        } else if (rest.starts_with("&gt;")) {
            out += '>';
            i += 3;
        } else {
            out += text[i];
        }
    }
    return out;
}

std::string escape_mrkdwn(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::string trim(std::string_view text) {
    constexpr std::string_view kSpace = " \t\r\n\f\v";
    const std::size_t first = text.find_first_not_of(kSpace);
    if (first == std::string_view::npos) return {};
    return std::string(text.substr(first, text.find_last_not_of(kSpace) - first + 1));
}

std::string to_lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

}  // namespace ritualbot::commands
