// Migration 5's repositories: rounds (one collecting and one voting per channel), suggestions,
// votes (UNIQUE per round, suggestion and voter), improvements and the ritual's settings.

#include <catch2/catch.hpp>

#include "storage/database.hpp"
#include "storage/suggestions.hpp"
#include "storage/suggestions_improvements.hpp"
#include "storage/suggestions_settings.hpp"
#include "support/stores.hpp"

using namespace ritualbot::storage;
using ritualbot::test::PostgresStore;
using ritualbot::test::SqliteStore;

namespace {

Suggestion make_suggestion(const Round& round, std::string author, bool anonymous = false) {
    Suggestion s;
    s.channel = round.channel;
    s.round_id = round.id;
    s.author = std::move(author);
    s.anonymous = anonymous;
    s.text = "an idea";
    s.created_at = 1;
    return s;
}

}  // namespace

TEMPLATE_TEST_CASE("rounds are numbered per channel - one collecting and one voting at a time",
                   "[store]", SqliteStore, PostgresStore) {
    TestType store;
    Database db = store.open();
    SuggestionRounds rounds(db);
    const Round first = rounds.collecting("C1", 10);
    CHECK(first.number == 1);
    CHECK(rounds.collecting("C1", 20).id == first.id);  // found, not created
    CHECK(rounds.collecting("C2", 20).number == 1);

    CHECK(rounds.start_voting(first.id, 30));
    CHECK_FALSE(rounds.start_voting(first.id, 31));
    const Round second = rounds.collecting("C1", 40);
    CHECK(second.number == 2);
    CHECK(rounds.current("C1", RoundState::voting)->id == first.id);
    // The partial unique indexes refuse a second voting round in a channel.
    CHECK_THROWS(db.exec("UPDATE suggestion_rounds SET state = 'voting' WHERE id = " +
                         std::to_string(second.id)));
    CHECK(rounds.close(first.id, 50));
    CHECK_FALSE(rounds.close(first.id, 51));
    const Round closed = *rounds.find(first.id);
    CHECK((closed.state == RoundState::closed && closed.opened_at == 30 && closed.closed_at == 50));
    CHECK(rounds.latest_closed("C1")->id == first.id);
}

TEMPLATE_TEST_CASE("a vote is stored once per round, suggestion and voter", "[store]", SqliteStore,
                   PostgresStore) {
    TestType store;
    Database db = store.open();
    SuggestionRounds rounds(db);
    Suggestions suggestions(db);
    const Round round = rounds.collecting("C1", 1);
    const auto a = suggestions.add(make_suggestion(round, "U1"));
    const auto b = suggestions.add(make_suggestion(round, "U2", true));
    SuggestionVotes votes(db);
    CHECK(votes.add(round.id, a, "U9", 1));
    CHECK_FALSE(votes.add(round.id, a, "U9", 2));
    CHECK_THROWS(db.exec("INSERT INTO suggestion_votes VALUES (" + std::to_string(round.id) + ", " +
                         std::to_string(a) + ", 'U9', 3)"));
    CHECK(votes.add(round.id, b, "U9", 3));
    CHECK(votes.add(round.id, b, "U8", 3));
    CHECK(votes.voter_count(round.id) == 2);
    CHECK(votes.tallies(round.id) == std::map<std::int64_t, int>{{a, 1}, {b, 2}});
    CHECK(votes.of_voter(round.id, "U9") == std::vector<std::int64_t>{a, b});
    CHECK(votes.remove(round.id, a, "U9"));
    CHECK_FALSE(votes.remove(round.id, a, "U9"));
    votes.remove_all(b);
    CHECK(votes.voter_count(round.id) == 0);

    const auto stored = suggestions.find(b);
    CHECK((stored->anonymous && stored->author == "U2"));
    suggestions.set_state(a, SuggestionState::withdrawn);
    CHECK(suggestions.in_round(round.id).size() == 1);
    CHECK(suggestions.in_round(round.id, std::nullopt).size() == 2);
    const Round next = SuggestionRounds(db).collecting("C2", 2);
    CHECK(suggestions.move_open(round.id, next.id) == 1);
}

TEMPLATE_TEST_CASE("improvements are followed to done - settings default until changed", "[store]",
                   SqliteStore, PostgresStore) {
    TestType store;
    Database db = store.open();
    const Round round = SuggestionRounds(db).collecting("C1", 1);
    const auto id = Suggestions(db).add(make_suggestion(round, "U1"));
    Improvements improvements(db);
    improvements.add({id, "C1", "U1", "2026-12-04", "", 5, 0, "", ""});
    improvements.set_owner(id, "U2");
    improvements.set_metric(id, "reopen_rate");
    CHECK(improvements.open("C1").size() == 1);
    CHECK(improvements.mark_done(id, 9, "2026-12-03", "shipped"));
    CHECK_FALSE(improvements.mark_done(id, 10, "2026-12-04", "again"));
    const auto done = improvements.find(id);
    CHECK((done->owner == "U2" && done->metric == "reopen_rate" && done->done_at == 9 &&
           done->done_note == "shipped"));
    CHECK(improvements.done_dates("C1") == std::vector<std::string>{"2026-12-03"});
    CHECK(improvements.open("C1").empty());

    SuggestionSettingsStore settings(db);
    CHECK(settings.get("C1").votes_per_person == 3);
    CHECK(settings.get("C1").enrolled_at == 0);
    CHECK(settings.enrolled().empty());
    settings.set("C1", SuggestionSetting::close_minute, 17 * 60, 42);
    CHECK_FALSE(settings.enroll("C1", 43));
    const auto c1 = settings.get("C1");
    CHECK((c1.close_minute == 17 * 60 && c1.enrolled_at == 42 && c1.close_weekday == 1));
    CHECK_THROWS(settings.set("C1", SuggestionSetting::votes_per_person, 0, 44));
}
