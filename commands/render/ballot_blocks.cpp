#include "commands/render/ballot_blocks.hpp"

#include <algorithm>

#include "commands/render/block_kit.hpp"
#include "commands/render/ids.hpp"

namespace ritualbot::commands::render {
namespace {

using nlohmann::json;
using suggestions::BallotView;

constexpr std::size_t kMaxSectionText = 3000;

json text(const std::string& mrkdwn_text) {
    return mrkdwn(suggestions::truncate_utf8(mrkdwn_text, kMaxSectionText));
}

json item_block(const BallotView& view, const storage::Suggestion& suggestion) {
    std::string line = suggestions::suggestion_line(suggestion, false);
    if (view.closed && suggestions::is_winner(view, suggestion.id)) line = ":trophy: " + line;
    if (view.show_tallies) {
        const auto it = view.tallies.find(suggestion.id);
        line += "\n_" + suggestions::votes_word(it == view.tallies.end() ? 0 : it->second) + "_";
    }
    json block = section(text(line));
    block["block_id"] = "suggestion-" + std::to_string(suggestion.id);
    if (!view.closed) {
        block["accessory"] = button("Vote", suggestions::kVoteAction,
                                    suggestions::vote_value(view.round_id, suggestion.id));
    }
    return block;
}

}  // namespace

json ballot_blocks(const BallotView& view) {
    json blocks = json::array();
    std::string header = ":ballot_box_with_ballot: *Vote on round " +
                         std::to_string(view.round_number) + "'s suggestions*";
    if (view.closed) {
        header += "\nThe vote is closed.";
    } else {
        header += "\nYou have " + suggestions::votes_word(view.votes_per_person) +
                  ", at most one per suggestion. Click *Vote* again to take a vote back.";
    }
    blocks.push_back(section(text(header)));
    const std::size_t shown = std::min(view.suggestions.size(), kMaxBallotItems);
    for (std::size_t i = 0; i < shown; ++i) {
        blocks.push_back(item_block(view, view.suggestions[i]));
    }
    if (view.suggestions.size() > shown) {
        const std::size_t more = view.suggestions.size() - shown;
        blocks.push_back(section(text("…and " + std::to_string(more) +
                                      " more, too many for one message: see `/suggest list`.")));
    }
    blocks.push_back(context(text(suggestions::ballot_footer(view))));
    return blocks;
}

}  // namespace ritualbot::commands::render
