#include "bot/slack/envelope_scanner.hpp"

#include <array>
#include <cstdint>
#include <string>

namespace ritualbot::bot::slack {
namespace {

// The length of the UTF-8 sequence `bytes` starts with, 0 when it is not one (RFC 3629: no
// overlong forms, no surrogates, nothing above U+10FFFF), the set the full parse accepts.
std::size_t utf8_sequence_length(std::string_view bytes) {
    const auto at = [&](std::size_t i) {
        return i < bytes.size() ? static_cast<unsigned char>(bytes[i]) : 0u;
    };
    const auto tail = [&](std::size_t i) { return at(i) >= 0x80 && at(i) <= 0xBF; };
    const unsigned lead = at(0);
    if (lead >= 0xC2 && lead <= 0xDF) return tail(1) ? 2 : 0;
    if (lead >= 0xE0 && lead <= 0xEF) {
        const unsigned low = lead == 0xE0 ? 0xA0 : 0x80;
        const unsigned high = lead == 0xED ? 0x9F : 0xBF;
        return at(1) >= low && at(1) <= high && tail(2) ? 3 : 0;
    }
    if (lead >= 0xF0 && lead <= 0xF4) {
        const unsigned low = lead == 0xF0 ? 0x90 : 0x80;
        const unsigned high = lead == 0xF4 ? 0x8F : 0xBF;
        return at(1) >= low && at(1) <= high && tail(2) && tail(3) ? 4 : 0;
    }
    return 0;
}

void append_utf8(std::string& out, std::uint32_t point) {
    if (point < 0x80) {
        out.push_back(static_cast<char>(point));
    } else if (point < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (point >> 6)));
        out.push_back(static_cast<char>(0x80 | (point & 0x3F)));
    } else if (point < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (point >> 12)));
        out.push_back(static_cast<char>(0x80 | ((point >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (point & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (point >> 18)));
        out.push_back(static_cast<char>(0x80 | ((point >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((point >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (point & 0x3F)));
    }
}

// Reads JSON tokens front to back. Every read returns false on anything it does not
// understand; the caller then declines the whole frame.
class Scanner {
public:
    explicit Scanner(std::string_view text) : text_(text) {}

    // Takes `c` after any whitespace.
    bool take(char c) {
        skip_space();
        if (pos_ == text_.size() || text_[pos_] != c) return false;
        ++pos_;
        return true;
    }

    bool at_end() {
        skip_space();
        return pos_ == text_.size();
    }

    // A string, decoded into `out`; with no `out`, only checked.
    bool string(std::string* out) {
        if (!take('"')) return false;
        if (out) out->clear();
        for (;;) {
            const std::size_t start = pos_;
            while (pos_ < text_.size() && plain(text_[pos_])) ++pos_;
            if (out) out->append(text_.substr(start, pos_ - start));
            if (pos_ == text_.size()) return false;
            const auto c = static_cast<unsigned char>(text_[pos_]);
            if (c == '"') {
                ++pos_;
                return true;
            }
            if (c < 0x20) return false;  // a control character must be escaped
            if (c == '\\') {
                if (!escape(out)) return false;
                continue;
            }
            const std::size_t length = utf8_sequence_length(text_.substr(pos_));
            if (length == 0) return false;
            if (out) out->append(text_.substr(pos_, length));
            pos_ += length;
        }
    }

    bool boolean(bool& out) {
        if (word("true")) {
            out = true;
            return true;
        }
        if (word("false")) {
            out = false;
            return true;
        }
        return false;
    }

    // 0 or up to nine digits without a leading zero: what fits an int for sure. What follows
    // a longer, signed or fractional number is not a ',' or '}', so it is declined.
    bool small_int(int& out) {
        skip_space();
        const std::size_t start = pos_;
        int value = 0;
        while (pos_ < text_.size() && pos_ - start < 9 && text_[pos_] >= '0' &&
               text_[pos_] <= '9') {
            value = value * 10 + (text_[pos_] - '0');
            ++pos_;
            if (value == 0) break;
        }
        if (pos_ == start) return false;
        out = value;
        return true;
    }

    // A value whose content nobody reads: a string, a small integer, true, false or null.
    bool flat_value() {
        skip_space();
        if (pos_ == text_.size()) return false;
        if (text_[pos_] == '"') return string(nullptr);
        bool ignored_bool = false;
        int ignored_int = 0;
        return word("null") || boolean(ignored_bool) || small_int(ignored_int);
    }

private:
    // One look-up per byte: the string loop is most of the scanner's cost.
    static bool plain(char c) { return kPlain[static_cast<unsigned char>(c)]; }

    // Bytes a string holds as they are: printable ASCII but the quote and the backslash.
    static constexpr std::array<bool, 256> kPlain = [] {
        std::array<bool, 256> plain{};
        for (int byte = 0x20; byte < 0x80; ++byte) plain[byte] = byte != '"' && byte != '\\';
        return plain;
    }();

    void skip_space() {
        while (pos_ < text_.size() &&
               (text_[pos_] == ' ' || text_[pos_] == '\n' || text_[pos_] == '\r' ||
                text_[pos_] == '\t'))
            ++pos_;
    }

    bool word(std::string_view expected) {
        skip_space();
        if (text_.substr(pos_, expected.size()) != expected) return false;
        pos_ += expected.size();
        return true;
    }

    // At a backslash.
    bool escape(std::string* out) {
        if (pos_ + 1 >= text_.size()) return false;
        const char kind = text_[pos_ + 1];
        pos_ += 2;
        char decoded = 0;
        switch (kind) {
            case '"':
            case '\\':
            case '/': decoded = kind; break;
            case 'b': decoded = '\b'; break;
            case 'f': decoded = '\f'; break;
            case 'n': decoded = '\n'; break;
            case 'r': decoded = '\r'; break;
            case 't': decoded = '\t'; break;
            case 'u': return unicode_escape(out);
            default: return false;
        }
        if (out) out->push_back(decoded);
        return true;
    }

    // After "\u": four hex digits, a surrogate pair as two escapes.
    bool unicode_escape(std::string* out) {
        std::uint32_t point = 0;
        if (!hex4(point)) return false;
        if (point >= 0xDC00 && point <= 0xDFFF) return false;
        if (point >= 0xD800 && point <= 0xDBFF) {
            std::uint32_t low = 0;
            if (text_.substr(pos_, 2) != "\\u") return false;
            pos_ += 2;
            if (!hex4(low) || low < 0xDC00 || low > 0xDFFF) return false;
            point = 0x10000 + ((point - 0xD800) << 10) + (low - 0xDC00);
        }
        if (out) append_utf8(*out, point);
        return true;
    }

    bool hex4(std::uint32_t& out) {
        if (text_.size() - pos_ < 4) return false;
        for (int i = 0; i < 4; ++i) {
            const char c = text_[pos_++];
            std::uint32_t digit = 0;
            if (c >= '0' && c <= '9') digit = static_cast<std::uint32_t>(c - '0');
            else if (c >= 'a' && c <= 'f') digit = static_cast<std::uint32_t>(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F') digit = static_cast<std::uint32_t>(c - 'A' + 10);
            else return false;
            out = out * 16 + digit;
        }
        return true;
    }

    std::string_view text_;
    std::size_t pos_ = 0;
};

// Where a slash command payload's field goes; nullptr for the fields no command reads.
std::string* request_field(commands::Request& request, std::string_view key) {
    if (key == "command") return &request.command;
    if (key == "text") return &request.text;
    if (key == "channel_id") return &request.channel_id;
    if (key == "user_id") return &request.user_id;
    if (key == "team_id") return &request.team_id;
    if (key == "trigger_id") return &request.trigger_id;
    return nullptr;
}

// The payload: the fields a command reads are strings, the others flat values. A repeated key
// keeps its last value, as in the full parse.
bool read_payload(Scanner& in, commands::Request& request) {
    if (!in.take('{')) return false;
    if (in.take('}')) return true;
    std::string key;
    do {
        if (!in.string(&key) || !in.take(':')) return false;
        std::string* field = request_field(request, key);
        if (!(field ? in.string(field) : in.flat_value())) return false;
    } while (in.take(','));
    return in.take('}');
}

bool read_member(Scanner& in, std::string_view key, Envelope& envelope, bool& has_payload) {
    if (key == "payload") {
        // A second payload would replace the first whole; only the full parse does that.
        if (has_payload) return false;
        has_payload = true;
        return read_payload(in, envelope.command);
    }
    if (key == "type") return in.string(&envelope.type_name);
    if (key == "envelope_id") return in.string(&envelope.envelope_id);
    if (key == "retry_reason") return in.string(&envelope.retry_reason);
    if (key == "reason") return in.string(&envelope.disconnect_reason);
    if (key == "accepts_response_payload") return in.boolean(envelope.accepts_response_payload);
    if (key == "retry_attempt") return in.small_int(envelope.retry_attempt);
    if (key == "num_connections") return in.small_int(envelope.num_connections);
    return in.flat_value();
}

}  // namespace

std::optional<Envelope> scan_slash_command(std::string_view text) {
    Scanner in(text);
    Envelope envelope;
    bool has_payload = false;
    if (!in.take('{')) return std::nullopt;
    std::string key;
    do {
        if (!in.string(&key) || !in.take(':')) return std::nullopt;
        if (!read_member(in, key, envelope, has_payload)) return std::nullopt;
    } while (in.take(','));
    if (!in.take('}') || !in.at_end()) return std::nullopt;
    if (envelope.type_name != "slash_commands" || envelope.envelope_id.empty() || !has_payload)
        return std::nullopt;
    envelope.type = EnvelopeType::slash_commands;
    return envelope;
}

}  // namespace ritualbot::bot::slack
