#include "bot/slack/outbox_writer.hpp"
#include "storage/database.hpp"
#include "storage/outbox.hpp"

#include <catch2/catch.hpp>

using namespace ritualbot;

TEST_CASE("effects become outbox rows with the Web API call that carries each") {
    storage::Database db = storage::Database::open_in_memory();
    commands::Effects effects;
    effects.posts.push_back({"C1", "hello"});
    commands::Post ballot{"C1", "Vote now"};
    ballot.key = "ballot:C1:7";
    ballot.blocks = nlohmann::json::array({{{"type", "divider"}}});
    effects.posts.push_back(ballot);
    commands::Post whisper{"C1", "you voted"};
    whisper.ephemeral_user = "U1";
    effects.posts.push_back(whisper);
    effects.updates.push_back({"C1", "ballot:C1:7", "2 people voted"});
    effects.usergroup_updates.push_back({"S1", {"U1", "U2"}});
    bot::slack::enqueue_effects(db, effects, "cmd:e1");

    storage::Outbox outbox(db);
    const auto plain = outbox.find_by_key("cmd:e1:0");
    REQUIRE(plain);
    CHECK(plain->method == "chat.postMessage");
    const auto named = outbox.find_by_key("ballot:C1:7");
    REQUIRE(named);
    CHECK(nlohmann::json::parse(named->payload)["blocks"][0]["type"] == "divider");
    const auto ephemeral = outbox.find_by_key("cmd:e1:2");
    REQUIRE(ephemeral);
    CHECK(ephemeral->method == "chat.postEphemeral");
    CHECK(nlohmann::json::parse(ephemeral->payload)["user"] == "U1");
    const auto update = outbox.find_by_key("cmd:e1:3");
    REQUIRE(update);
    CHECK(update->method == "chat.update");
    CHECK(update->update_of == "ballot:C1:7");
    const auto group = outbox.find_by_key("cmd:e1:4");
    REQUIRE(group);
    CHECK(group->method == "usergroups.users.update");
    CHECK(nlohmann::json::parse(group->payload)["users"] == "U1,U2");

    // Replaying the same cause adds nothing.
    bot::slack::enqueue_effects(db, effects, "cmd:e1");
    CHECK(outbox.depth() == 5);
}
