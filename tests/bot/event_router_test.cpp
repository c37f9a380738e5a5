#include "bot/slack/event_router.hpp"
#include "bot/interactions/conversation_handlers.hpp"
#include "bot/interactions/membership_handlers.hpp"
#include "commands/clock.hpp"
#include "commands/command_table.hpp"
#include "fixtures.hpp"
#include "storage/channel_pauses.hpp"
#include "storage/database.hpp"
#include "storage/last_channels.hpp"
#include "storage/outbox.hpp"

#include <catch2/catch.hpp>

#include <stdexcept>

using namespace ritualbot;
using namespace ritualbot::bot::slack;
using ritualbot::testing::load_slack_fixture;

namespace {

struct RouterFixture {
    storage::Database db = storage::Database::open_in_memory();
    commands::CommandTable table = commands::make_command_table();
    commands::ManualClock clock{std::chrono::system_clock::time_point(std::chrono::hours(490'000))};
    EventRouter router{db, table, clock};

    RouterFixture() {
        router.on_event("app_mention", bot::make_mention_handler(table));
        router.on_event("message", bot::make_direct_message_handler(table));
    }

    Envelope envelope(const nlohmann::json& frame) {
        ParsedFrame parsed = parse_frame(frame.dump());
        REQUIRE(parsed.envelope);
        return *parsed.envelope;
    }

    std::size_t outbox_depth() { return storage::Outbox(db).depth(); }
};

nlohmann::json slash_envelope(const std::string& command, const std::string& text) {
    auto frame = load_slack_fixture("socket_mode_envelopes.json")[1];
    frame["payload"]["command"] = command;
    frame["payload"]["text"] = text;
    return frame;
}

}  // namespace

TEST_CASE_METHOD(RouterFixture, "/ritual help is answered in the ack, listing the commands") {
    const nlohmann::json ack = router.route(envelope(slash_envelope("/ritual", "help")));
    REQUIRE(ack.is_object());
    CHECK(ack["response_type"] == "ephemeral");
    CHECK_THAT(ack["text"].get<std::string>(), Catch::Contains("/ritual"));
    CHECK(outbox_depth() == 0);
}

TEST_CASE_METHOD(RouterFixture, "an unknown slash command gets an ephemeral usage reply") {
    const nlohmann::json ack = router.route(envelope(slash_envelope("/hello-socket-mode", "")));
    REQUIRE(ack.is_object());
    CHECK(ack["response_type"] == "ephemeral");
    CHECK_THAT(ack["text"].get<std::string>(), Catch::Contains("/hello-socket-mode"));
    CHECK_THAT(ack["text"].get<std::string>(), Catch::Contains("/ritual"));
}

TEST_CASE_METHOD(RouterFixture, "a mention is answered with a post in the channel via the outbox") {
    auto frame = load_slack_fixture("socket_mode_envelopes.json")[0];
    frame["payload"]["event"]["channel"] = "C0CREW";
    frame["payload"]["event"]["text"] = "<@U01JKSB8T7Y> help";
    const nlohmann::json ack = router.route(envelope(frame));
    CHECK(ack.is_null());  // events_api acks carry no payload
    const auto row = storage::Outbox(db).find_by_key("event:Ev01JZ2T7S3U:0");
    REQUIRE(row);
    CHECK(row->channel == "C0CREW");
    CHECK(row->method == "chat.postMessage");
    const auto args = nlohmann::json::parse(row->payload);
    CHECK(args["channel"] == "C0CREW");
    CHECK_THAT(args["text"].get<std::string>(), Catch::Contains("/ritual"));
}

TEST_CASE_METHOD(RouterFixture, "a retried event (same event_id) is acked but applied once") {
    auto first = load_slack_fixture("socket_mode_envelopes.json")[2];
    first["payload"]["event"]["channel"] = "C0CREW";
    router.route(envelope(first));
    CHECK(outbox_depth() == 1);

    auto retry = first;
    retry["envelope_id"] = "another-envelope-id";  // Slack may re-send with a new envelope id
    retry["retry_attempt"] = 1;
    retry["retry_reason"] = "timeout";
    CHECK(router.route(envelope(retry)).is_null());
    CHECK(outbox_depth() == 1);
}

TEST_CASE_METHOD(RouterFixture, "channel messages are not commands - DMs from people are") {
    // Sample 4 is a `message` in a public channel mentioning someone else.
    router.route(envelope(load_slack_fixture("socket_mode_envelopes.json")[4]));
    CHECK(outbox_depth() == 0);

    auto dm = load_slack_fixture("socket_mode_envelopes.json")[4];
    dm["payload"]["event_id"] = "EvDM1";
    dm["payload"]["event"]["channel"] = "D0DM";
    dm["payload"]["event"]["channel_type"] = "im";
    dm["payload"]["event"]["text"] = "help";
    router.route(envelope(dm));
    CHECK(outbox_depth() == 1);

    auto own_post = dm;
    own_post["payload"]["event_id"] = "EvDM2";
    own_post["payload"]["event"]["bot_id"] = "B0BOT";
    router.route(envelope(own_post));
    CHECK(outbox_depth() == 1);  // never answer ourselves
}

TEST_CASE_METHOD(RouterFixture, "events without a handler are acked and recorded, not errors") {
    nlohmann::json frame = {{"envelope_id", "e-r1"},
                            {"type", "events_api"},
                            {"payload",
                             {{"type", "event_callback"},
                              {"event_id", "EvReact"},
                              {"event", load_slack_fixture(
                                            "events_api_reaction_added_member_joined.json")
                                            ["reaction_added"]["event"]}}}};
    CHECK(router.route(envelope(frame)).is_null());
    CHECK(outbox_depth() == 0);
}

TEST_CASE_METHOD(RouterFixture, "button clicks route by action_id, modal submissions by callback_id") {
    nlohmann::json seen;
    router.on_block_action("some_other_button", [](const nlohmann::json&, commands::Context&) -> HandlerResult {
        FAIL("wrong handler");
        return {};
    });
    router.on_block_action("a", [&](const nlohmann::json& payload, commands::Context&) {
        seen = payload;
        HandlerResult result;
        result.effects.posts.push_back({"C0CREW", "vote counted"});
        return result;
    });
    router.on_view_submission("view-id", [](const nlohmann::json&, commands::Context&) {
        HandlerResult result;
        result.ack_payload = {{"response_action", "errors"},
                              {"errors", {{"suggestion_block", "Please write something"}}}};
        return result;
    });
    const nlohmann::json click = {
        {"envelope_id", "e-click"},
        {"type", "interactive"},
        {"payload", load_slack_fixture("block_actions_button_in_message.json")}};
    CHECK(router.route(envelope(click)).is_null());
    CHECK(seen["type"] == "block_actions");
    CHECK(outbox_depth() == 1);

    const nlohmann::json submit = {
        {"envelope_id", "e-submit"},
        {"type", "interactive"},
        {"payload", load_slack_fixture("view_submission_with_state_values.json")}};
    CHECK(router.route(envelope(submit))["response_action"] == "errors");
}

TEST_CASE_METHOD(RouterFixture, "a failing handler changes nothing and the event can be retried") {
    router.on_event("app_mention", [](const nlohmann::json& event, commands::Context&) -> HandlerResult {
        if (event.value("text", "") == "boom") throw std::runtime_error("handler bug");
        HandlerResult result;
        result.effects.posts.push_back({"C0CREW", "fine"});
        return result;
    });
    auto frame = load_slack_fixture("socket_mode_envelopes.json")[0];
    frame["payload"]["event"]["text"] = "boom";
    CHECK(router.route(envelope(frame)).is_null());
    CHECK(outbox_depth() == 0);

    // The transaction rolled back, event id included: a retry is applied.
    frame["payload"]["event"]["text"] = "ok";
    router.route(envelope(frame));
    CHECK(outbox_depth() == 1);
}

TEST_CASE_METHOD(RouterFixture, "the bot removed from a channel pauses it - invited back resumes") {
    const std::string bot_user = "U999";
    bot::register_membership_events(router, bot_user);
    storage::ChannelPauses pauses(db);
    const auto event = [&](nlohmann::json inner, const std::string& id) {
        return envelope(
            {{"envelope_id", "e-" + id},
             {"type", "events_api"},
             {"payload", {{"type", "event_callback"}, {"event_id", id}, {"event", inner}}}});
    };
    nlohmann::json joined = load_slack_fixture(
        "events_api_reaction_added_member_joined.json")["member_joined_channel"]["event"];
    nlohmann::json someone_left = joined;
    someone_left["type"] = "member_left_channel";
    someone_left["user"] = "U0ANA";
    router.route(event(someone_left, "Ev1"));
    CHECK_FALSE(pauses.find("C111"));  // a person leaving is not the bot leaving

    REQUIRE(storage::Outbox(db).enqueue({"C111", "chat.postMessage", "{}", "queued"}, 1));
    router.route(
        event({{"type", "channel_left"}, {"channel", "C111"}, {"actor_id", "U0ANA"}}, "Ev2"));
    const auto pause = pauses.find("C111");
    REQUIRE(pause);
    CHECK(pause->reason == "removed the bot (channel_left)");
    CHECK(pause->paused_by == "U0ANA");
    CHECK(storage::Outbox(db).find_by_key("queued")->last_error ==
          "not sent: the channel removed the bot (channel_left)");

    router.route(event(joined, "Ev3"));  // the fixture's member is the bot here
    CHECK_FALSE(pauses.find("C111"));
    nlohmann::json bot_left = someone_left;
    bot_left["user"] = bot_user;
    router.route(event(bot_left, "Ev4"));
    CHECK(pauses.find("C111"));
}

TEST_CASE_METHOD(RouterFixture, "a slow command goes to the slow runner and is acked working - or busy when refused") {
    std::vector<std::string> handed;
    bool accept = true;
    router.on_slow_command([&](const commands::Request& request, const std::string& envelope_id,
                               bool) {
        handed.push_back(request.command + " " + request.text + " " + envelope_id);
        return accept;
    });
    const auto trend = envelope(slash_envelope("/outliers", "trend reopen_rate 26"));
    CHECK_THAT(router.route(trend)["text"].get<std::string>(), Catch::Contains("Working on it"));
    REQUIRE(handed.size() == 1);
    CHECK(handed[0] == "/outliers trend reopen_rate 26 " + trend.envelope_id);

    accept = false;
    CHECK_THAT(router.route(trend)["text"].get<std::string>(),
               Catch::Contains("busy") && Catch::Contains("not started"));
    // Anything not slow is answered here as before.
    CHECK_THAT(router.route(envelope(slash_envelope("/ritual", "help")))["text"].get<std::string>(),
               Catch::Contains("/captain"));
    CHECK(handed.size() == 2);
}

TEST_CASE_METHOD(RouterFixture, "a command or click delivered twice is applied once") {
    auto suggest = slash_envelope("/suggest", "Shorter macros");
    const auto first = router.route(envelope(suggest));
    CHECK_THAT(first["text"].get<std::string>(), Catch::Contains("#1"));
    suggest["envelope_id"] = "redelivered";  // a retry carries the same trigger_id
    CHECK(router.route(envelope(suggest)).is_null());
    suggest["payload"]["trigger_id"] = "111.222.other";  // typed again: a new command
    CHECK_THAT(router.route(envelope(suggest))["text"].get<std::string>(), Catch::Contains("#2"));

    int clicks = 0;
    router.on_block_action("a", [&](const nlohmann::json&, commands::Context&) {
        ++clicks;
        return HandlerResult{};
    });
    nlohmann::json click = {{"envelope_id", "e-click"}, {"type", "interactive"}};
    click["payload"] = load_slack_fixture("block_actions_button_in_message.json");
    router.route(envelope(click));
    click["envelope_id"] = "e-click-again";
    router.route(envelope(click));
    CHECK(clicks == 1);
    click["payload"]["actions"][0]["action_ts"] = "1596530399.000001";  // a second click
    router.route(envelope(click));
    CHECK(clicks == 2);
}

TEST_CASE_METHOD(RouterFixture,
                 "the channel a command is typed in is noted for later DMs - by commands that "
                 "read, write or run slowly alike, never a DM") {
    storage::LastChannels last(db);
    const auto typed = [&](const std::string& command, const std::string& text,
                           const std::string& channel) {
        auto frame = slash_envelope(command, text);
        frame["payload"]["channel_id"] = channel;
        frame["payload"]["trigger_id"] = "trigger-" + channel + command + text;
        return router.route(envelope(frame));
    };
    typed("/captain", "who", "C0READ");  // read-only
    CHECK(last.find("U111") == "C0READ");
    typed("/captain", "who", "C0READ");  // the same channel: nothing to write
    CHECK(last.find("U111") == "C0READ");
    CHECK_THAT(typed("/suggest", "Shorter macros", "C0WRITE")["text"].get<std::string>(),
               Catch::Contains("#1"));
    CHECK(last.find("U111") == "C0WRITE");
    router.on_slow_command([](const commands::Request&, const std::string&, bool) { return true; });
    typed("/outliers", "trend reopen_rate 26", "C0SLOW");
    CHECK(last.find("U111") == "C0SLOW");
    // Typed in a DM, the command acts on the crew last used; the DM is not noted.
    CHECK_THAT(typed("/suggest", "From a DM", "D0DM")["text"].get<std::string>(),
               Catch::Contains("Added"));
    SQLite::Statement where(db.sql(), "SELECT channel FROM suggestions WHERE text = 'From a DM'");
    REQUIRE(where.executeStep());
    CHECK(where.getColumn(0).getString() == "C0SLOW");
    CHECK(last.find("U111") == "C0SLOW");
}
