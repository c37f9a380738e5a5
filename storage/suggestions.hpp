#pragma once

// The Friday suggestion rounds of each channel, their suggestions and the dot votes cast on
// them. A channel has at most one round collecting suggestions and at most one round being
// voted on (partial unique indexes enforce both); closed rounds are history. A vote is one
// row per (round, suggestion, voter), UNIQUE in the schema, so a repeated or concurrent click
// can never count twice.
//
// `author` is stored for every suggestion, anonymous ones included, only so its author can
// withdraw it; commands/ must never show it for an anonymous suggestion.
// Threading: like the Database it holds a reference to, one thread only.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "storage/database.hpp"

namespace ritualbot::storage {

enum class RoundState { collecting, voting, closed };
enum class SuggestionState { open, withdrawn, won, lost };

struct Round {
    std::int64_t id = 0;
    std::string channel;
    int number = 0;  // 1, 2, 3 … per channel
    RoundState state = RoundState::collecting;
    std::int64_t created_at = 0;  // unix ms
    std::int64_t opened_at = 0;   // 0 until voting opens
    std::int64_t closed_at = 0;   // 0 until voting closes
};

struct Suggestion {
    std::int64_t id = 0;  // shown to people as #id
    std::string channel;
    std::int64_t round_id = 0;
    std::string author;
    bool anonymous = false;
    std::string text;       // Slack mrkdwn, already escaped
    std::string procedure;  // playbook procedure tag without '#'; empty: none
    std::optional<std::int64_t> procedure_id{};  // the playbook's procedure it links to, if any
    // The incident whose countermeasure it is (won without a vote, never on a ballot).
    std::optional<std::int64_t> incident_id{};
    SuggestionState state = SuggestionState::open;
    std::int64_t created_at = 0;
};

class SuggestionRounds {
public:
    explicit SuggestionRounds(Database& db) : db_(db) {}

    std::optional<Round> find(std::int64_t id);
    // The channel's round in `state` (collecting or voting), if any.
    std::optional<Round> current(const std::string& channel, RoundState state);
    // The channel's collecting round, created (numbered after the last one) when missing.
    Round collecting(const std::string& channel, std::int64_t now_ms);
    std::optional<Round> latest_closed(const std::string& channel);

    // Moves the round on; false when it was not in the state the move starts from.
    bool start_voting(std::int64_t id, std::int64_t now_ms);
    bool close(std::int64_t id, std::int64_t now_ms);

private:
    Database& db_;
};

class Suggestions {
public:
    explicit Suggestions(Database& db) : db_(db) {}

    std::int64_t add(const Suggestion& suggestion);  // returns the new id
    std::optional<Suggestion> find(std::int64_t id);
    // The round's suggestions in `state` (all states when nullopt), oldest first; incidents'
    // countermeasures are not part of any round's vote.
    std::vector<Suggestion> in_round(std::int64_t round_id,
                                     std::optional<SuggestionState> state = SuggestionState::open);
    void set_state(std::int64_t id, SuggestionState state);
    // Moves the open suggestions of one round to another (a vote nobody took part in).
    int move_open(std::int64_t from_round, std::int64_t to_round);
    // Distinct procedure tags of the channel with how many suggestions carry each.
    std::vector<std::pair<std::string, int>> procedures(const std::string& channel);
    // Links the channel's suggestions tagged `name_key` and linked to nothing to the procedure
    // (one added after they named it); returns how many.
    int link_procedure(const std::string& channel, const std::string& name_key,
                       std::int64_t procedure_id);
    // The open suggestions (not yet voted on) linked to the procedure, oldest first.
    std::vector<Suggestion> open_of_procedure(std::int64_t procedure_id);

private:
    Database& db_;
};

class SuggestionVotes {
public:
    explicit SuggestionVotes(Database& db) : db_(db) {}

    // False, changing nothing, when the vote already exists (add) or does not (remove).
    bool add(std::int64_t round_id, std::int64_t suggestion_id, const std::string& voter,
             std::int64_t now_ms);
    bool remove(std::int64_t round_id, std::int64_t suggestion_id, const std::string& voter);
    void remove_all(std::int64_t suggestion_id);

    // The suggestions a voter voted for in the round, by suggestion id.
    std::vector<std::int64_t> of_voter(std::int64_t round_id, const std::string& voter);
    int voter_count(std::int64_t round_id);
    // Votes per suggestion id; suggestions without votes are absent.
    std::map<std::int64_t, int> tallies(std::int64_t round_id);

private:
    Database& db_;
};

std::string to_string(RoundState state);
std::string to_string(SuggestionState state);

}  // namespace ritualbot::storage
