#pragma once
// A crew using /suggest on an in-memory database with a hand-moved clock, driven through the
// real command table, scheduler and ballot-click entry point, as bot/ drives them.

#include <string>

#include <nlohmann/json.hpp>

#include "captain_fixture.hpp"
#include "commands/suggestions/ballot.hpp"
#include "commands/suggestions/interactions.hpp"

namespace ritualbot::test {

struct SuggestFixture : CrewFixture {
    commands::Reply suggest(std::string text, std::string user = "U1") {
        return run("/suggest", std::move(text), std::move(user));
    }
    commands::Effects click(const std::string& user, std::int64_t round, std::int64_t id) {
        return commands::suggestions::vote_click(
            {"C0CREW", user, commands::suggestions::vote_value(round, id)}, context);
    }
    std::int64_t votes() { return count("SELECT COUNT(*) FROM suggestion_votes"); }
    std::int64_t round_id() {
        return count("SELECT COALESCE(MAX(id), 0) FROM suggestion_rounds WHERE state = 'voting'");
    }
    std::int64_t last_suggestion() { return count("SELECT MAX(id) FROM suggestions"); }
};

// Everything an Effects value would send to Slack, as one string to search.
inline std::string dump(const commands::Effects& effects) {
    nlohmann::json all = nlohmann::json::array();
    for (const auto& post : effects.posts) {
        all.push_back({post.channel, post.text, post.blocks, post.key, post.ephemeral_user});
    }
    for (const auto& update : effects.updates) {
        all.push_back({update.channel, update.post_key, update.text, update.blocks});
    }
    for (const auto& modal : effects.modals) all.push_back({modal.trigger_id, modal.view});
    return all.dump();
}

inline std::string ephemeral_text(const commands::Effects& effects, const std::string& user) {
    for (const auto& post : effects.posts) {
        if (post.ephemeral_user == user) return post.text;
    }
    return {};
}

}  // namespace ritualbot::test
