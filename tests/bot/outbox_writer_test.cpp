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

TEST_CASE("a chart share becomes one chart.upload row behind the channel's posts") {
    storage::Database db = storage::Database::open_in_memory();
    commands::Effects effects;
    effects.posts.push_back({"C1", "Weekly review"});
    effects.chart_shares.push_back({"C1", "trend-2026-11-27.png", "Leading indicators",
                                    "resolution: 4h00m", "", nlohmann::json{{"weeks", 8}},
                                    "review-chart:C1:2026-11-27"});
    bot::slack::enqueue_effects(db, effects, "run:r1");

    storage::Outbox outbox(db);
    const auto row = outbox.find_by_key("review-chart:C1:2026-11-27");
    REQUIRE(row);
    CHECK(row->method == bot::slack::kChartUploadMethod);
    CHECK(row->channel == "C1");
    const auto args = nlohmann::json::parse(row->payload);
    CHECK(args["channel_id"] == "C1");
    CHECK(args["alt_txt"] == "resolution: 4h00m");
    CHECK(args["chart"]["weeks"] == 8);
    CHECK(outbox.find_by_key("run:r1:0")->id < row->id);  // the post goes first
}

TEST_CASE("an interaction's answer goes by its response_url, edits by their own lane") {
    storage::Database db = storage::Database::open_in_memory();
    commands::Effects effects;
    commands::Post answer{"C1", "You voted for #2 (1 of 3 used)."};
    answer.ephemeral_user = "U1";
    effects.posts.push_back(answer);
    commands::Post elsewhere{"C2", "A note in another channel"};
    elsewhere.ephemeral_user = "U1";
    effects.posts.push_back(elsewhere);
    commands::Post someone_else{"C1", "For U2's eyes"};
    someone_else.ephemeral_user = "U2";
    effects.posts.push_back(someone_else);
    effects.updates.push_back({"C1", "ballot:C1:7", "1 person voted"});
    const bot::slack::Responder responder{"U1", "C1", "https://hooks.example/actions/T1/1/s"};
    bot::slack::enqueue_effects(db, effects, "interactive:e1", responder);

    storage::Outbox outbox(db);
    const auto by_url = outbox.find_by_key("interactive:e1:0");
    REQUIRE(by_url);
    CHECK(by_url->method == "response_url");
    CHECK(by_url->channel == "respond:U1");  // one lane per person
    const auto args = nlohmann::json::parse(by_url->payload);
    CHECK(args["url"] == "https://hooks.example/actions/T1/1/s");
    CHECK(args["channel"] == "C1");
    CHECK(args["response_type"] == "ephemeral");
    CHECK(args["replace_original"] == false);
    CHECK(args["text"] == "You voted for #2 (1 of 3 used).");
    // The response_url answers only the person who acted, where they acted.
    CHECK(outbox.find_by_key("interactive:e1:1")->method == "chat.postEphemeral");
    CHECK(outbox.find_by_key("interactive:e1:2")->method == "chat.postEphemeral");
    const auto edit = outbox.find_by_key("interactive:e1:3");
    REQUIRE(edit);
    CHECK(edit->channel == "edit:C1");  // never behind the channel's posts
    CHECK(nlohmann::json::parse(edit->payload)["channel"] == "C1");

    // A newer edit of the same ballot replaces the pending one: one pending edit per ballot.
    commands::Effects next;
    next.updates.push_back({"C1", "ballot:C1:7", "2 people voted"});
    bot::slack::enqueue_effects(db, next, "interactive:e2", {"U2", "C1", "https://x/"});
    CHECK_FALSE(outbox.find_by_key("interactive:e1:3"));
    REQUIRE(outbox.find_by_key("interactive:e2:0"));
    CHECK(outbox.find_by_key("interactive:e2:0")->channel == "edit:C1");
}
