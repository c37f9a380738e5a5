#include "commands/suggestions/ballot.hpp"

#include "commands/render/user_text.hpp"

#include <algorithm>
#include <charconv>

namespace ritualbot::commands::suggestions {
namespace {

std::string people(int n) {
    return std::to_string(n) + (n == 1 ? " person" : " people");
}

}  // namespace

bool is_winner(const BallotView& view, std::int64_t id) {
    return std::find(view.winners.begin(), view.winners.end(), id) != view.winners.end();
}

std::string votes_word(int n) {
    return std::to_string(n) + (n == 1 ? " vote" : " votes");
}

std::string ballot_footer(const BallotView& view) {
    if (view.closed) return "Voting closed: " + people(view.voters) + " voted.";
    std::string text = people(view.voters) + " voted so far.";
    if (!view.show_tallies) text += " Tallies stay hidden until the vote closes.";
    return text;
}

std::string ballot_fallback_text(const BallotView& view) {
    return "Vote on round " + std::to_string(view.round_number) +
           "'s suggestions: " + ballot_footer(view);
}

std::string ballot_key(const std::string& channel, std::int64_t round_id) {
    return "suggest-ballot:" + channel + ":" + std::to_string(round_id);
}

std::string vote_value(std::int64_t round_id, std::int64_t suggestion_id) {
    return std::to_string(round_id) + ":" + std::to_string(suggestion_id);
}

bool parse_vote_value(std::string_view value, std::int64_t& round_id, std::int64_t& suggestion_id) {
    const std::size_t colon = value.find(':');
    if (colon == std::string_view::npos) return false;
    const auto parse = [](std::string_view text, std::int64_t& out) {
        const auto* end = text.data() + text.size();
        const auto [ptr, ec] = std::from_chars(text.data(), end, out);
        return ec == std::errc() && ptr == end && out > 0;
    };
    return parse(value.substr(0, colon), round_id) && parse(value.substr(colon + 1), suggestion_id);
}

std::string suggestion_line(const storage::Suggestion& suggestion, bool with_author) {
    // An anonymous author must not ping people through the bot; nobody may ping a channel.
    const auto users =
        suggestion.anonymous ? render::UserMentions::as_text : render::UserMentions::keep;
    std::string line =
        "*#" + std::to_string(suggestion.id) + "* " + render::repost_text(suggestion.text, users);
    if (!suggestion.procedure.empty()) line += " `#" + suggestion.procedure + "`";
    if (with_author) {
        line += suggestion.anonymous ? " — anonymous" : " — <@" + suggestion.author + ">";
    }
    return line;
}

std::string truncate_utf8(std::string_view text, std::size_t max_bytes) {
    if (text.size() <= max_bytes) return std::string(text);
    constexpr std::string_view kEllipsis = "…";
    std::size_t cut = max_bytes > kEllipsis.size() ? max_bytes - kEllipsis.size() : 0;
    // Back up over continuation bytes (10xxxxxx) to the start of a character.
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    // Nor in the middle of an entity ("&am…"): mrkdwn text carries &amp;, &lt; and &gt;.
    constexpr std::size_t kLongestEntity = 5;  // "&amp;"
    const std::size_t amp = text.rfind('&', cut == 0 ? 0 : cut - 1);
    if (amp != std::string_view::npos && cut - amp < kLongestEntity &&
        text.find(';', amp) >= cut) {
        cut = amp;
    }
    return std::string(text.substr(0, cut)) + std::string(kEllipsis);
}

std::size_t utf8_length(std::string_view text) {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

}  // namespace ritualbot::commands::suggestions
