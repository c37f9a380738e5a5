#pragma once
// The round's life, shared by /suggest, the scheduled runs and the ballot's buttons: adding a
// suggestion, opening the ballot, toggling a dot vote, and closing the vote (winners, ties,
// improvements). Each function makes its change through storage in the caller's transaction,
// writes the audit row, and says whether anything changed and what to post; the caller commits
// only when `changed`. Not thread-safe: uses the caller's Database.

#include <cstdint>
#include <string>

#include <date/tz.h>

#include "commands/request.hpp"
#include "storage/database.hpp"

namespace ritualbot::commands::suggestions {

inline constexpr std::string_view kBotActor = "ritualbot";
// The audit actor of an anonymous suggestion's changes: its author is stored on the
// suggestion only, so they can withdraw it.
inline constexpr std::string_view kAnonymousActor = "anonymous";

struct Outcome {
    bool changed = false;
    std::string message;  // for whoever asked (ephemeral); Slack mrkdwn
    Effects effects;      // posts and ballot updates
};

struct NewSuggestion {
    std::string channel;
    std::string author;
    std::string text;       // Slack mrkdwn, escaped, at most kMaxSuggestionChars when unescaped
    std::string procedure;  // lower case, without '#'; empty: none
    bool anonymous = false;
    std::optional<std::int64_t> procedure_id{};  // the playbook's procedure it names, if known
};

Outcome add_suggestion(storage::Database& db, const NewSuggestion& suggestion, std::int64_t now_ms);
// Takes the author's own suggestion out of its round (and off the ballot while voting).
Outcome withdraw_suggestion(storage::Database& db, const std::string& channel,
                            const std::string& user, std::int64_t id, std::int64_t now_ms);

// Moves the collecting round to voting and posts its ballot (a keyed post).
Outcome open_vote(storage::Database& db, const std::string& channel, std::string_view actor,
                  std::int64_t now_ms);
// A click on a ballot's button: adds the vote, or takes it back, within the voter's limit.
// The voter always gets an ephemeral post (their votes, or why nothing changed); the ballot's
// voter count is updated in place.
Outcome toggle_vote(storage::Database& db, const std::string& channel, const std::string& voter,
                    std::int64_t round_id, std::int64_t suggestion_id, std::int64_t now_ms);
// Closes the channel's vote: the most-voted suggestions (all of them on a tie) win and become
// improvements due `due_days` after the local date of now in `zone`. When nobody voted the
// suggestions carry over to the next round.
Outcome close_vote(storage::Database& db, const std::string& channel, std::string_view actor,
                   const date::time_zone* zone, std::int64_t now_ms);

}  // namespace ritualbot::commands::suggestions
