#include "storage/suggestions.hpp"

#include <stdexcept>

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/VariadicBind.h>

#include "storage/column_values.hpp"

namespace ritualbot::storage {
namespace {

RoundState parse_round_state(const std::string& text) {
    if (text == "collecting") return RoundState::collecting;
    if (text == "voting") return RoundState::voting;
    if (text == "closed") return RoundState::closed;
    // The CHECK constraint makes this unreachable unless the file was edited by hand.
    throw std::runtime_error("suggestion_rounds has unknown state '" + text + "'");
}

SuggestionState parse_suggestion_state(const std::string& text) {
    if (text == "open") return SuggestionState::open;
    if (text == "withdrawn") return SuggestionState::withdrawn;
    if (text == "won") return SuggestionState::won;
    if (text == "lost") return SuggestionState::lost;
    throw std::runtime_error("suggestions has unknown state '" + text + "'");
}

constexpr const char* kRoundColumns =
    "id, channel, number, state, created_at, COALESCE(opened_at, 0), COALESCE(closed_at, 0)";

Round read_round(CachedStatement& query) {
    Round round;
    round.id = query.getColumn(0).getInt64();
    round.channel = query.getColumn(1).getString();
    round.number = query.getColumn(2).getInt();
    round.state = parse_round_state(query.getColumn(3).getString());
    round.created_at = query.getColumn(4).getInt64();
    round.opened_at = query.getColumn(5).getInt64();
    round.closed_at = query.getColumn(6).getInt64();
    return round;
}

std::optional<Round> one_round(CachedStatement& query) {
    if (!query.executeStep()) return std::nullopt;
    return read_round(query);
}

constexpr const char* kSuggestionColumns =
    "id, channel, round_id, author, anonymous, text, procedure, state, created_at, procedure_id";

Suggestion read_suggestion(CachedStatement& query) {
    Suggestion s;
    s.id = query.getColumn(0).getInt64();
    s.channel = query.getColumn(1).getString();
    s.round_id = query.getColumn(2).getInt64();
    s.author = query.getColumn(3).getString();
    s.anonymous = query.getColumn(4).getInt() != 0;
    s.text = query.getColumn(5).getString();
    s.procedure = query.getColumn(6).getString();
    s.state = parse_suggestion_state(query.getColumn(7).getString());
    s.created_at = query.getColumn(8).getInt64();
    if (!query.getColumn(9).isNull()) s.procedure_id = query.getColumn(9).getInt64();
    return s;
}

}  // namespace

std::string to_string(RoundState state) {
    switch (state) {
        case RoundState::collecting:
            return "collecting";
        case RoundState::voting:
            return "voting";
        case RoundState::closed:
            return "closed";
    }
    return "closed";
}

std::string to_string(SuggestionState state) {
    switch (state) {
        case SuggestionState::open:
            return "open";
        case SuggestionState::withdrawn:
            return "withdrawn";
        case SuggestionState::won:
            return "won";
        case SuggestionState::lost:
            return "lost";
    }
    return "open";
}

// --- rounds -----------------------------------------------------------------------------

std::optional<Round> SuggestionRounds::find(std::int64_t id) {
    CachedStatement query = db_.prepare(std::string("SELECT ") + kRoundColumns +
                                        " FROM suggestion_rounds WHERE id = ?");
    query->bind(1, id);
    return one_round(*query);
}

std::optional<Round> SuggestionRounds::current(const std::string& channel, RoundState state) {
    // The state is written into the SQL, one cached statement per state: bound as a parameter,
    // it made SQLite prepare the statement again at every bind (a parameter compared with the
    // column of a partial index's WHERE), 218k instructions of /suggest list's 700k.
    CachedStatement query = db_.prepare(std::string("SELECT ") + kRoundColumns +
                                        " FROM suggestion_rounds WHERE channel = ? AND state = '" +
                                        to_string(state) + "' ORDER BY id DESC LIMIT 1");
    query->bind(1, channel);
    return one_round(*query);
}

Round SuggestionRounds::collecting(const std::string& channel, std::int64_t now_ms) {
    if (auto round = current(channel, RoundState::collecting)) return *round;
    CachedStatement insert = db_.prepare(
        "INSERT INTO suggestion_rounds (channel, number, state, created_at) VALUES (?, "
        "(SELECT COALESCE(MAX(number), 0) + 1 FROM suggestion_rounds WHERE channel = ?), "
        "'collecting', ?) RETURNING id");
    bind(*insert, channel, channel, now_ms);
    insert->executeStep();
    return *find(insert->getColumn(0).getInt64());
}

std::optional<Round> SuggestionRounds::latest_closed(const std::string& channel) {
    return current(channel, RoundState::closed);
}

bool SuggestionRounds::start_voting(std::int64_t id, std::int64_t now_ms) {
    CachedStatement update = db_.prepare(
        "UPDATE suggestion_rounds SET state = 'voting', opened_at = ? "
        "WHERE id = ? AND state = 'collecting'");
    bind(*update, now_ms, id);
    return update->exec() == 1;
}

bool SuggestionRounds::close(std::int64_t id, std::int64_t now_ms) {
    CachedStatement update = db_.prepare(
        "UPDATE suggestion_rounds SET state = 'closed', closed_at = ? "
        "WHERE id = ? AND state = 'voting'");
    bind(*update, now_ms, id);
    return update->exec() == 1;
}

// --- suggestions ------------------------------------------------------------------------

std::int64_t Suggestions::add(const Suggestion& s) {
    CachedStatement insert = db_.prepare(
        "INSERT INTO suggestions (channel, round_id, author, anonymous, text, "
        "procedure, state, created_at, procedure_id, incident_id) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    bind(*insert, s.channel, s.round_id, s.author, s.anonymous ? 1 : 0, s.text, s.procedure,
         to_string(s.state), s.created_at);
    bind_optional(*insert, 9, s.procedure_id);
    bind_optional(*insert, 10, s.incident_id);
    insert->executeStep();
    return insert->getColumn(0).getInt64();
}

std::optional<Suggestion> Suggestions::find(std::int64_t id) {
    CachedStatement query =
        db_.prepare(std::string("SELECT ") + kSuggestionColumns + " FROM suggestions WHERE id = ?");
    query->bind(1, id);
    if (!query->executeStep()) return std::nullopt;
    return read_suggestion(*query);
}

std::vector<Suggestion> Suggestions::in_round(std::int64_t round_id,
                                              std::optional<SuggestionState> state) {
    CachedStatement query =
        db_.prepare(std::string("SELECT ") + kSuggestionColumns +
                    " FROM suggestions WHERE round_id = ? AND "
                    "incident_id IS NULL AND (CAST(? AS TEXT) IS NULL OR state = ?) "
                    "ORDER BY id");
    query->bind(1, round_id);
    if (state) {
        query->bind(2, to_string(*state));
        query->bind(3, to_string(*state));
    } else {
        query->bind(2);
        query->bind(3);
    }
    std::vector<Suggestion> all;
    while (query->executeStep()) all.push_back(read_suggestion(*query));
    return all;
}

void Suggestions::set_state(std::int64_t id, SuggestionState state) {
    CachedStatement update = db_.prepare("UPDATE suggestions SET state = ? WHERE id = ?");
    bind(*update, to_string(state), id);
    update->exec();
}

int Suggestions::move_open(std::int64_t from_round, std::int64_t to_round) {
    CachedStatement update = db_.prepare(
        "UPDATE suggestions SET round_id = ? WHERE round_id = ? AND "
        "state = 'open'");
    bind(*update, to_round, from_round);
    return update->exec();
}

std::vector<std::pair<std::string, int>> Suggestions::procedures(const std::string& channel) {
    CachedStatement query = db_.prepare(
        "SELECT procedure, COUNT(*) FROM suggestions WHERE channel = ? AND "
        "procedure <> '' AND state <> 'withdrawn' GROUP BY procedure "
        "ORDER BY COUNT(*) DESC, procedure");
    query->bind(1, channel);
    std::vector<std::pair<std::string, int>> tags;
    while (query->executeStep()) {
        tags.emplace_back(query->getColumn(0).getString(), query->getColumn(1).getInt());
    }
    return tags;
}

int Suggestions::link_procedure(const std::string& channel, const std::string& name_key,
                                std::int64_t procedure_id) {
    CachedStatement update = db_.prepare(
        "UPDATE suggestions SET procedure_id = ? WHERE channel = ? AND procedure = ? AND "
        "procedure_id IS NULL");
    update->bind(1, procedure_id);
    update->bind(2, channel);
    update->bind(3, name_key);
    return update->exec();
}

std::vector<Suggestion> Suggestions::open_of_procedure(std::int64_t procedure_id) {
    CachedStatement query = db_.prepare(std::string("SELECT ") + kSuggestionColumns +
                                        " FROM suggestions WHERE procedure_id = ? AND "
                                        "state = 'open' ORDER BY id");
    query->bind(1, procedure_id);
    std::vector<Suggestion> all;
    while (query->executeStep()) all.push_back(read_suggestion(*query));
    return all;
}

// --- votes ------------------------------------------------------------------------------

bool SuggestionVotes::add(std::int64_t round_id, std::int64_t suggestion_id,
                          const std::string& voter, std::int64_t now_ms) {
    CachedStatement insert = db_.prepare(
        "INSERT INTO suggestion_votes (round_id, suggestion_id, voter, "
        "voted_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING");
    bind(*insert, round_id, suggestion_id, voter, now_ms);
    return insert->exec() == 1;
}

bool SuggestionVotes::remove(std::int64_t round_id, std::int64_t suggestion_id,
                             const std::string& voter) {
    CachedStatement remove = db_.prepare(
        "DELETE FROM suggestion_votes WHERE round_id = ? AND "
        "suggestion_id = ? AND voter = ?");
    bind(*remove, round_id, suggestion_id, voter);
    return remove->exec() == 1;
}

void SuggestionVotes::remove_all(std::int64_t suggestion_id) {
    CachedStatement remove = db_.prepare("DELETE FROM suggestion_votes WHERE suggestion_id = ?");
    remove->bind(1, suggestion_id);
    remove->exec();
}

std::vector<std::int64_t> SuggestionVotes::of_voter(std::int64_t round_id,
                                                    const std::string& voter) {
    // Answered from the covering index (round_id, voter, suggestion_id) of migration 13.
    CachedStatement query = db_.prepare(
        "SELECT suggestion_id FROM suggestion_votes WHERE round_id = ? AND voter = ? "
        "ORDER BY suggestion_id");
    bind(*query, round_id, voter);
    std::vector<std::int64_t> ids;
    while (query->executeStep()) ids.push_back(query->getColumn(0).getInt64());
    return ids;
}

int SuggestionVotes::voter_count(std::int64_t round_id) {
    CachedStatement query =
        db_.prepare("SELECT COUNT(DISTINCT voter) FROM suggestion_votes WHERE round_id = ?");
    query->bind(1, round_id);
    query->executeStep();
    return query->getColumn(0).getInt();
}

std::map<std::int64_t, int> SuggestionVotes::tallies(std::int64_t round_id) {
    CachedStatement query = db_.prepare(
        "SELECT suggestion_id, COUNT(*) FROM suggestion_votes WHERE "
        "round_id = ? GROUP BY suggestion_id");
    query->bind(1, round_id);
    std::map<std::int64_t, int> counts;
    while (query->executeStep()) {
        counts[query->getColumn(0).getInt64()] = query->getColumn(1).getInt();
    }
    return counts;
}

}  // namespace ritualbot::storage
