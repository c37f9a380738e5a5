#pragma once
// The suggestion ballot as a domain value (what a round's vote shows), its texts that are not
// Block Kit (the notification fallback, the footer, one suggestion's line), the vote button's
// value and the outbox key of the ballot post. commands/render turns a BallotView into blocks.
// Pure functions of their arguments; no storage, no clock.
//
// Anonymity lives here too: a line for an anonymous suggestion never carries its author, and
// nothing else in the ritual renders authors.

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "storage/suggestions.hpp"

namespace ritualbot::commands::suggestions {

struct BallotView {
    std::string channel;
    std::int64_t round_id = 0;
    int round_number = 0;
    std::vector<storage::Suggestion> suggestions;  // open ones, or the round's results
    std::map<std::int64_t, int> tallies;           // votes per suggestion id
    int voters = 0;
    int votes_per_person = 3;
    bool show_tallies = false;  // live tallies, or the vote is closed
    bool closed = false;        // no buttons; winners marked
    std::vector<std::int64_t> winners;
};

bool is_winner(const BallotView& view, std::int64_t suggestion_id);
std::string votes_word(int n);                             // "1 vote", "3 votes"
std::string ballot_footer(const BallotView& view);         // who voted; whether tallies show
std::string ballot_fallback_text(const BallotView& view);  // notification text of the post
// The outbox key of a round's ballot post, so later updates can edit it.
std::string ballot_key(const std::string& channel, std::int64_t round_id);
// The button value carrying the round and suggestion, and its inverse.
std::string vote_value(std::int64_t round_id, std::int64_t suggestion_id);
bool parse_vote_value(std::string_view value, std::int64_t& round_id, std::int64_t& suggestion_id);

// "*#12* Shorter on-call handoffs `#handoff`", plus " — <@U1>" when with_author and the
// suggestion is not anonymous (" — anonymous" when it is).
std::string suggestion_line(const storage::Suggestion& suggestion, bool with_author);

// Cuts text to at most max_bytes without splitting a UTF-8 character, adding "…" when cut.
std::string truncate_utf8(std::string_view text, std::size_t max_bytes);
std::size_t utf8_length(std::string_view text);  // in code points

}  // namespace ritualbot::commands::suggestions
