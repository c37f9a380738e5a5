#include "commands/suggestions/voting.hpp"

#include <algorithm>

#include "commands/render/ballot_blocks.hpp"
#include "commands/schedule/local_time.hpp"
#include "commands/suggestions/ballot.hpp"
#include "storage/audit_log.hpp"
#include "storage/suggestions.hpp"
#include "storage/suggestions_improvements.hpp"
#include "storage/suggestions_settings.hpp"

namespace ritualbot::commands::suggestions {
namespace {

using storage::RoundState;
using storage::SuggestionState;

void audit(storage::Database& db, const std::string& channel, std::string_view actor,
           std::string action, std::string detail, std::int64_t now_ms) {
    storage::AuditLog(db).record(
        {0, channel, std::string(actor), std::move(action), std::move(detail), now_ms});
}

Outcome unchanged(std::string message) {
    Outcome outcome;
    outcome.message = std::move(message);
    return outcome;
}

BallotView load_view(storage::Database& db, const storage::Round& round) {
    const auto settings = storage::SuggestionSettingsStore(db).get(round.channel);
    storage::SuggestionVotes votes(db);
    BallotView view;
    view.channel = round.channel;
    view.round_id = round.id;
    view.round_number = round.number;
    view.closed = round.state == RoundState::closed;
    view.suggestions = storage::Suggestions(db).in_round(
        round.id, view.closed ? std::nullopt : std::optional(SuggestionState::open));
    if (view.closed) {
        std::erase_if(view.suggestions, [](const storage::Suggestion& s) {
            return s.state != SuggestionState::won && s.state != SuggestionState::lost;
        });
        for (const auto& s : view.suggestions) {
            if (s.state == SuggestionState::won) view.winners.push_back(s.id);
        }
    }
    view.tallies = votes.tallies(round.id);
    view.voters = votes.voter_count(round.id);
    view.votes_per_person = settings.votes_per_person;
    view.show_tallies = view.closed || settings.live_tallies;
    return view;
}

MessageUpdate ballot_update(storage::Database& db, const storage::Round& round) {
    const BallotView view = load_view(db, round);
    return {round.channel, ballot_key(round.channel, round.id), ballot_fallback_text(view),
            render::ballot_blocks(view)};
}

std::string id_list(const std::vector<std::int64_t>& ids) {
    std::string out;
    for (const std::int64_t id : ids) out += (out.empty() ? "#" : ", #") + std::to_string(id);
    return out;
}

std::string your_votes(storage::Database& db, const storage::Round& round, const std::string& voter,
                       int limit) {
    const auto mine = storage::SuggestionVotes(db).of_voter(round.id, voter);
    std::string text = "Your votes in round " + std::to_string(round.number) + " (" +
                       std::to_string(mine.size()) + " of " + std::to_string(limit) + " used)";
    if (mine.empty()) return text + ": none yet.";
    text += ":";
    storage::Suggestions suggestions(db);
    for (const std::int64_t id : mine) {
        if (const auto s = suggestions.find(id)) {
            text += "\n• " + truncate_utf8(suggestion_line(*s, false), 300);
        }
    }
    return text;
}

}  // namespace

Outcome add_suggestion(storage::Database& db, const NewSuggestion& draft, std::int64_t now_ms) {
    storage::SuggestionSettingsStore(db).enroll(draft.channel, now_ms);
    storage::SuggestionRounds rounds(db);
    const storage::Round round = rounds.collecting(draft.channel, now_ms);
    storage::Suggestion suggestion;
    suggestion.channel = draft.channel;
    suggestion.round_id = round.id;
    suggestion.author = draft.author;
    suggestion.anonymous = draft.anonymous;
    suggestion.text = draft.text;
    suggestion.procedure = draft.procedure;
    suggestion.procedure_id = draft.procedure_id;
    suggestion.created_at = now_ms;
    suggestion.id = storage::Suggestions(db).add(suggestion);
    audit(db, draft.channel, draft.anonymous ? kAnonymousActor : std::string_view(draft.author),
          "suggest.add",
          '#' + std::to_string(suggestion.id) + " round " + std::to_string(round.number), now_ms);

    Outcome outcome;
    outcome.changed = true;
    outcome.message = "Added " + suggestion_line(suggestion, false) + " to round " +
                      std::to_string(round.number) + ".";
    if (draft.procedure_id) {
        outcome.message += " It is linked to the playbook's procedure `#" + draft.procedure +
                           "` (`/playbook show " + draft.procedure + "`).";
    } else if (!draft.procedure.empty()) {
        outcome.message += " `#" + draft.procedure +
                           "` is not in the playbook yet: `/playbook add " + draft.procedure +
                           "` adds it and links this suggestion.";
    }
    if (draft.anonymous) {
        outcome.message +=
            " It is anonymous: your name is shown nowhere in Slack and left out of exports; "
            "the bot keeps it only so that you alone can take it back, with `/suggest withdraw " +
            std::to_string(suggestion.id) + "`.";
    }
    if (const auto voting = rounds.current(draft.channel, RoundState::voting)) {
        outcome.message += " (Round " + std::to_string(voting->number) +
                           " is being voted on now; this one goes on the next ballot.)";
    }
    return outcome;
}

Outcome withdraw_suggestion(storage::Database& db, const std::string& channel,
                            const std::string& user, std::int64_t id, std::int64_t now_ms) {
    storage::Suggestions suggestions(db);
    const auto suggestion = suggestions.find(id);
    if (!suggestion || suggestion->channel != channel) {
        return unchanged("There is no suggestion #" + std::to_string(id) + " in this channel.");
    }
    if (suggestion->author != user) {
        return unchanged("Only its author can withdraw #" + std::to_string(id) + ".");
    }
    if (suggestion->state != SuggestionState::open) {
        return unchanged('#' + std::to_string(id) + " is " + storage::to_string(suggestion->state) +
                         " already; only open suggestions can be withdrawn.");
    }
    const auto round = storage::SuggestionRounds(db).find(suggestion->round_id);
    suggestions.set_state(id, SuggestionState::withdrawn);
    storage::SuggestionVotes(db).remove_all(id);
    audit(db, channel, suggestion->anonymous ? kAnonymousActor : std::string_view(user),
          "suggest.withdraw", '#' + std::to_string(id), now_ms);
    Outcome outcome;
    outcome.changed = true;
    outcome.message = "Withdrew #" + std::to_string(id) + ".";
    if (round && round->state == RoundState::voting) {
        outcome.effects.updates.push_back(ballot_update(db, *round));
    }
    return outcome;
}

Outcome open_vote(storage::Database& db, const std::string& channel, std::string_view actor,
                  std::int64_t now_ms) {
    storage::SuggestionRounds rounds(db);
    if (const auto voting = rounds.current(channel, RoundState::voting)) {
        return unchanged("Round " + std::to_string(voting->number) +
                         " is already being voted on; `/suggest close` ends that vote first.");
    }
    const auto round = rounds.current(channel, RoundState::collecting);
    if (!round || storage::Suggestions(db).in_round(round->id).empty()) {
        return unchanged("There is nothing to vote on yet: add a suggestion with `/suggest TEXT`.");
    }
    rounds.start_voting(round->id, now_ms);
    const storage::Round opened = *rounds.find(round->id);
    const BallotView view = load_view(db, opened);
    Post ballot;
    ballot.channel = channel;
    ballot.text = ballot_fallback_text(view);
    ballot.blocks = render::ballot_blocks(view);
    ballot.key = ballot_key(channel, opened.id);
    audit(db, channel, actor, "suggest.open", "round " + std::to_string(opened.number), now_ms);

    Outcome outcome;
    outcome.changed = true;
    outcome.message = "The ballot for round " + std::to_string(opened.number) + " is posted (" +
                      std::to_string(view.suggestions.size()) + " suggestions).";
    outcome.effects.posts.push_back(std::move(ballot));
    return outcome;
}

Outcome toggle_vote(storage::Database& db, const std::string& channel, const std::string& voter,
                    std::int64_t round_id, std::int64_t suggestion_id, std::int64_t now_ms) {
    Outcome outcome;
    const auto refuse = [&](std::string why) {
        outcome.message = why;
        outcome.effects.posts.push_back(
            Post{.channel = channel, .text = std::move(why), .ephemeral_user = voter});
        return outcome;
    };
    const auto round = storage::SuggestionRounds(db).find(round_id);
    if (!round || round->channel != channel) return refuse("That ballot is not from this channel.");
    if (round->state != RoundState::voting) {
        return refuse("Voting closed for round " + std::to_string(round->number) + ".");
    }
    const auto suggestion = storage::Suggestions(db).find(suggestion_id);
    if (!suggestion || suggestion->round_id != round_id ||
        suggestion->state != SuggestionState::open) {
        return refuse('#' + std::to_string(suggestion_id) + " is no longer on this ballot.");
    }
    const int limit = storage::SuggestionSettingsStore(db).get(channel).votes_per_person;
    storage::SuggestionVotes votes(db);
    std::string action = "suggest.unvote";
    if (!votes.remove(round_id, suggestion_id, voter)) {
        const auto mine = votes.of_voter(round_id, voter);
        if (static_cast<int>(mine.size()) >= limit) {
            return refuse("You have used all " + std::to_string(limit) + " of your votes (" +
                          id_list(mine) + "). Click one of them again to take that vote back.");
        }
        // UNIQUE (round, suggestion, voter): a concurrent duplicate click adds nothing.
        if (!votes.add(round_id, suggestion_id, voter, now_ms)) return refuse("Already counted.");
        action = "suggest.vote";
    }
    // The audit row (exported by `ritualbot export`) says that someone voted, never for which
    // suggestion: the export promises votes as counts only.
    audit(db, channel, voter, action, "round " + std::to_string(round->number), now_ms);
    outcome.changed = true;
    outcome.message = your_votes(db, *round, voter, limit);
    outcome.effects.posts.push_back(
        Post{.channel = channel, .text = outcome.message, .ephemeral_user = voter});
    outcome.effects.updates.push_back(ballot_update(db, *round));
    return outcome;
}

Outcome close_vote(storage::Database& db, const std::string& channel, std::string_view actor,
                   const date::time_zone* zone, std::int64_t now_ms) {
    storage::SuggestionRounds rounds(db);
    const auto round = rounds.current(channel, RoundState::voting);
    if (!round) return unchanged("No vote is open in this channel; `/suggest open` starts one.");
    storage::Suggestions suggestions(db);
    const auto candidates = suggestions.in_round(round->id);
    storage::SuggestionVotes votes(db);
    const auto tallies = votes.tallies(round->id);
    const int voters = votes.voter_count(round->id);
    rounds.close(round->id, now_ms);
    const auto tally = [&](std::int64_t id) {
        const auto it = tallies.find(id);
        return it == tallies.end() ? 0 : it->second;
    };
    int best = 0;
    for (const auto& s : candidates) best = std::max(best, tally(s.id));

    const std::string number = std::to_string(round->number);
    std::string text = ":trophy: *Round " + number + "'s vote is closed* — " +
                       std::to_string(voters) + (voters == 1 ? " person" : " people") + " voted.";
    if (best == 0) {
        const auto next = rounds.collecting(channel, now_ms);
        const int moved = suggestions.move_open(round->id, next.id);
        text += "\nNobody voted, so there is no winner; the " + std::to_string(moved) +
                " suggestions carry over to round " + std::to_string(next.number) + ".";
        audit(db, channel, actor, "suggest.close", "round " + number + ": no votes", now_ms);
    } else {
        const auto settings = storage::SuggestionSettingsStore(db).get(channel);
        const auto today =
            local_date_of(zone, std::chrono::floor<std::chrono::seconds>(from_unix_ms(now_ms)));
        const LocalDate due = today + date::days{settings.due_days};
        std::vector<const storage::Suggestion*> winners;
        for (const auto& s : candidates) {
            const bool won = tally(s.id) == best;
            suggestions.set_state(s.id, won ? SuggestionState::won : SuggestionState::lost);
            if (!won) continue;
            winners.push_back(&s);
            storage::Improvement improvement;
            improvement.suggestion_id = s.id;
            improvement.channel = channel;
            improvement.owner = s.anonymous ? "" : s.author;
            improvement.due_date = format_date(due);
            improvement.created_at = now_ms;
            storage::Improvements(db).add(improvement);
        }
        text += winners.size() > 1 ? "\n*Tied winners* (each becomes an improvement):"
                                   : "\n*Winner* (it becomes an improvement):";
        for (const auto* s : winners) {
            text += "\n• " + truncate_utf8(suggestion_line(*s, false), 1200) + " — " +
                    std::to_string(best) + (best == 1 ? " vote" : " votes") + ". Owner: " +
                    (s->anonymous
                         ? "nobody yet (`/suggest assign " + std::to_string(s->id) + " @someone`)"
                         : "<@" + s->author + ">") +
                    ", due " + format_day(due) + ".";
        }
        audit(db, channel, actor, "suggest.close",
              "round " + number + ": " + std::to_string(winners.size()) + " winner(s), " +
                  std::to_string(best) + " votes",
              now_ms);
    }
    Post announcement;
    announcement.channel = channel;
    announcement.text = truncate_utf8(text, 3900);
    Outcome outcome;
    outcome.changed = true;
    outcome.message = "Closed round " + number + "'s vote.";
    outcome.effects.posts.push_back(std::move(announcement));
    outcome.effects.updates.push_back(ballot_update(db, *rounds.find(round->id)));
    return outcome;
}

}  // namespace ritualbot::commands::suggestions
