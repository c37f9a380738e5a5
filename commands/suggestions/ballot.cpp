#include "commands/suggestions/ballot.hpp"

#include <algorithm>
#include <charconv>

namespace ritualbot::commands::suggestions {
namespace {

using nlohmann::json;

json mrkdwn(std::string text) {
    return {{"type", "mrkdwn"}, {"text", truncate_utf8(text, kMaxSectionText)}};
}

json plain(std::string text) {
    return {{"type", "plain_text"}, {"text", std::move(text)}};
}

std::string votes_word(int n) {
    return std::to_string(n) + (n == 1 ? " vote" : " votes");
}

std::string people(int n) {
    return std::to_string(n) + (n == 1 ? " person" : " people");
}

bool is_winner(const BallotView& view, std::int64_t id) {
    return std::find(view.winners.begin(), view.winners.end(), id) != view.winners.end();
}

json item_block(const BallotView& view, const storage::Suggestion& suggestion) {
    std::string text = suggestion_line(suggestion, false);
    if (view.closed && is_winner(view, suggestion.id)) text = ":trophy: " + text;
    if (view.show_tallies) {
        const auto it = view.tallies.find(suggestion.id);
        text += "\n_" + votes_word(it == view.tallies.end() ? 0 : it->second) + "_";
    }
    json block = {{"type", "section"},
                  {"block_id", "suggestion-" + std::to_string(suggestion.id)},
                  {"text", mrkdwn(std::move(text))}};
    if (!view.closed) {
        block["accessory"] = {{"type", "button"},
                              {"text", plain("Vote")},
                              {"action_id", std::string(kVoteAction)},
                              {"value", vote_value(view.round_id, suggestion.id)}};
    }
    return block;
}

std::string footer(const BallotView& view) {
    if (view.closed) return "Voting closed: " + people(view.voters) + " voted.";
    std::string text = people(view.voters) + " voted so far.";
    if (!view.show_tallies) text += " Tallies stay hidden until the vote closes.";
    return text;
}

}  // namespace

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
    std::string line = "*#" + std::to_string(suggestion.id) + "* " + suggestion.text;
    if (!suggestion.procedure.empty()) line += " `#" + suggestion.procedure + "`";
    if (with_author) {
        line += suggestion.anonymous ? " — anonymous" : " — <@" + suggestion.author + ">";
    }
    return line;
}

json ballot_blocks(const BallotView& view) {
    json blocks = json::array();
    std::string header = ":ballot_box_with_ballot: *Vote on round " +
                         std::to_string(view.round_number) + "'s suggestions*";
    if (view.closed) {
        header += "\nThe vote is closed.";
    } else {
        header += "\nYou have " + votes_word(view.votes_per_person) +
                  ", at most one per suggestion. Click *Vote* again to take a vote back.";
    }
    blocks.push_back({{"type", "section"}, {"text", mrkdwn(std::move(header))}});
    const std::size_t shown = std::min(view.suggestions.size(), kMaxBallotItems);
    for (std::size_t i = 0; i < shown; ++i) {
        blocks.push_back(item_block(view, view.suggestions[i]));
    }
    if (view.suggestions.size() > shown) {
        const std::size_t more = view.suggestions.size() - shown;
        blocks.push_back({{"type", "section"},
                          {"text", mrkdwn("…and " + std::to_string(more) +
                                          " more, too many for one message: see `/suggest "
                                          "list`.")}});
    }
    blocks.push_back({{"type", "context"}, {"elements", json::array({mrkdwn(footer(view))})}});
    return blocks;
}

std::string ballot_fallback_text(const BallotView& view) {
    return "Vote on round " + std::to_string(view.round_number) + "'s suggestions: " + footer(view);
}

json suggestion_form(const std::string& channel, const std::string& initial_text) {
    json text_input = {{"type", "plain_text_input"},
                       {"action_id", std::string(kTextAction)},
                       {"multiline", true},
                       {"placeholder", plain("What should the crew change, and why?")}};
    // plain_text_input takes at most 3000 characters of initial value; the 1,000 limit is
    // checked on submit, where the person can still shorten it.
    if (!initial_text.empty()) text_input["initial_value"] = truncate_utf8(initial_text, 3000);
    return {
        {"type", "modal"},
        {"callback_id", std::string(kFormCallback)},
        {"private_metadata", channel},
        {"title", plain("Suggest an improvement")},
        {"submit", plain("Suggest")},
        {"close", plain("Cancel")},
        {"blocks",
         json::array({{{"type", "input"},
                       {"block_id", std::string(kTextBlock)},
                       {"label", plain("Your suggestion")},
                       {"element", text_input}},
                      {{"type", "input"},
                       {"block_id", std::string(kProcedureBlock)},
                       {"optional", true},
                       {"label", plain("Playbook procedure it changes")},
                       {"element",
                        {{"type", "plain_text_input"},
                         {"action_id", std::string(kProcedureAction)},
                         {"placeholder", plain("e.g. refunds")}}}},
                      {{"type", "input"},
                       {"block_id", std::string(kAnonBlock)},
                       {"optional", true},
                       {"label", plain("Anonymous")},
                       {"element",
                        {{"type", "checkboxes"},
                         {"action_id", std::string(kAnonAction)},
                         {"options", json::array({{{"text", plain("Hide my name from everyone")},
                                                   {"value", "anon"}}})}}}}})}};
}

std::string truncate_utf8(std::string_view text, std::size_t max_bytes) {
    if (text.size() <= max_bytes) return std::string(text);
    constexpr std::string_view kEllipsis = "…";
    std::size_t cut = max_bytes > kEllipsis.size() ? max_bytes - kEllipsis.size() : 0;
    // Back up over continuation bytes (10xxxxxx) to the start of a character.
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    return std::string(text.substr(0, cut)) + std::string(kEllipsis);
}

std::size_t utf8_length(std::string_view text) {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

}  // namespace ritualbot::commands::suggestions
