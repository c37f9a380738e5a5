#pragma once
// Rendering of the suggestion ritual: the ballot as Block Kit (one section and vote button per
// suggestion, the voter count, tallies when they may be shown), the suggestion form (a modal
// view), and the one-line text of a suggestion used by every reply and post. Pure functions of
// their arguments; no storage, no clock.
//
// Anonymity lives here too: a line for an anonymous suggestion never carries its author, and
// nothing else in the ritual renders authors.
//
// Slack limits respected: at most 50 blocks per message (the ballot lists the first
// kMaxBallotItems suggestions and says how many more there are), 3000 characters of section
// text, 75 of button text, 2000 of button value.

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "storage/suggestions.hpp"

namespace ritualbot::commands::suggestions {

// Names Slack sends back: bot/ routes the click and the form by these.
inline constexpr std::string_view kVoteAction = "suggest_vote";
inline constexpr std::string_view kFormCallback = "suggest_modal";
inline constexpr std::string_view kFromMessageCallback = "suggest_from_message";
// The form's inputs: block_id and action_id of each, where view_submission carries the values.
inline constexpr std::string_view kTextBlock = "suggestion_text";
inline constexpr std::string_view kTextAction = "text";
inline constexpr std::string_view kProcedureBlock = "suggestion_procedure";
inline constexpr std::string_view kProcedureAction = "procedure";
inline constexpr std::string_view kAnonBlock = "suggestion_anon";
inline constexpr std::string_view kAnonAction = "anon";

inline constexpr std::size_t kMaxBlocks = 50;
inline constexpr std::size_t kMaxSectionText = 3000;
inline constexpr std::size_t kMaxBallotItems = kMaxBlocks - 3;  // header, "more", footer
inline constexpr std::size_t kMaxSuggestionChars = 1000;

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

nlohmann::json ballot_blocks(const BallotView& view);
std::string ballot_fallback_text(const BallotView& view);  // notification text of the post
// The outbox key of a round's ballot post, so later updates can edit it.
std::string ballot_key(const std::string& channel, std::int64_t round_id);
// The button value carrying the round and suggestion, and its inverse.
std::string vote_value(std::int64_t round_id, std::int64_t suggestion_id);
bool parse_vote_value(std::string_view value, std::int64_t& round_id, std::int64_t& suggestion_id);

// "*#12* Shorter on-call handoffs `#handoff`", plus " — <@U1>" when with_author and the
// suggestion is not anonymous (" — anonymous" when it is).
std::string suggestion_line(const storage::Suggestion& suggestion, bool with_author);

// The suggestion form: text (required), procedure tag, anonymous checkbox. The channel rides in
// private_metadata; initial_text (plain, unescaped) prefills the text, e.g. from a message.
nlohmann::json suggestion_form(const std::string& channel, const std::string& initial_text = {});

// Cuts text to at most max_bytes without splitting a UTF-8 character, adding "…" when cut.
std::string truncate_utf8(std::string_view text, std::size_t max_bytes);
std::size_t utf8_length(std::string_view text);  // in code points

}  // namespace ritualbot::commands::suggestions
