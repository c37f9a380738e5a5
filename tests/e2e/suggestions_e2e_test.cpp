// The Friday suggestion ritual end to end: /suggest through Socket Mode, the ballot posted by
// the scheduled run (test clock), votes clicked by several people back to back, the voter
// count edited in place (chat.update), /suggest close and the winners' announcement.

#include "bot_fixture.hpp"
#include "slack_payloads.hpp"

#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <thread>

using namespace ritualbot::testing;
using Catch::Contains;

namespace {

// Friday 2026-11-27 10:30 UTC, after the 10:00 call (so the crew, enrolling with its first
// suggestion, is owed no call), and 15:00:30 (the ballot opens at 15:00 in a UTC channel).
constexpr long long kFridayMorning = 1795775400;
constexpr long long kFridayBallot = 1795791630;

// Starts the bot on the test clock at `unix_seconds` and waits for its socket; returns the
// clock file.
std::string start_at(BotFixture& scene, long long unix_seconds,
                     std::map<std::string, std::string> environment = {}) {
    const std::string clock_file = scene.dir + "/clock";
    set_clock(clock_file, unix_seconds);
    environment["RITUALBOT_TEST_CLOCK_FILE"] = clock_file;
    scene.start(std::move(environment));
    REQUIRE(scene.slack.wait_for_connections(1, 20s));
    return clock_file;
}

std::string start_on_friday_morning(BotFixture& scene,
                                    std::map<std::string, std::string> environment = {}) {
    return start_at(scene, kFridayMorning, std::move(environment));
}

std::string suggest(FakeSlack& slack, const std::string& text, const std::string& user) {
    const auto ack =
        slack.wait_for_ack(slack.push_slash_command("/suggest", text, "C0CREW", user), 3s);
    REQUIRE(ack);
    return ack->payload.value("text", "");
}

nlohmann::json click(const std::string& user, const std::string& value,
                     const std::string& action_ts = "1795791700.000100") {
    return button_click("C0CREW", user, "suggest_vote", value, action_ts);
}

// The channel's message with a ballot, as the channel sees it now (after any chat.update).
std::optional<nlohmann::json> ballot(const FakeSlack& slack) {
    for (const auto& message : slack.messages("C0CREW")) {
        if (message.contains("blocks") &&
            message["blocks"].dump().find("suggest_vote") != std::string::npos) {
            return message;
        }
        if (message.value("text", "").starts_with("Vote on round")) return message;
    }
    return std::nullopt;
}

bool wait_for_ballot(const FakeSlack& slack, const std::string& needle,
                     std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        const auto message = ballot(slack);
        if (message && message->dump().find(needle) != std::string::npos) return true;
        std::this_thread::sleep_for(50ms);
    }
    return false;
}

// The button value of the ballot's suggestion #id ("<round>:<id>").
std::string button_value(const nlohmann::json& message, int id) {
    for (const auto& block : message["blocks"]) {
        if (!block.contains("accessory")) continue;
        const std::string value = block["accessory"].value("value", "");
        if (value.ends_with(':' + std::to_string(id))) return value;
    }
    FAIL("no button for #" << id);
    return {};
}

// The suggestion form submitted (view_submission) with these values.
nlohmann::json form(const std::string& user, const std::string& text) {
    nlohmann::json values = {
        {"suggestion_text", {{"text", {{"type", "plain_text_input"}, {"value", text}}}}},
        {"suggestion_procedure",
         {{"procedure", {{"type", "plain_text_input"}, {"value", nullptr}}}}},
        {"suggestion_anon",
         {{"anon", {{"type", "checkboxes"}, {"selected_options", nlohmann::json::array()}}}}}};
    return {{"type", "interactive"},
            {"accepts_response_payload", true},
            {"payload",
             {{"type", "view_submission"},
              {"user", {{"id", user}}},
              {"team", {{"id", "T0FAKE"}}},
              {"view",
               {{"id", "V1"},
                {"type", "modal"},
                {"callback_id", "suggest_modal"},
                {"private_metadata", "C0CREW"},
                {"state", {{"values", values}}}}}}}};
}

}  // namespace

TEST_CASE("a crew suggests, votes on the ballot and gets the winners announced") {
    BotFixture scene;
    const std::string clock_file = start_on_friday_morning(scene);
    INFO(scene.log());
    FakeSlack& slack = scene.slack;

    CHECK_THAT(suggest(slack, "Checklist for refunds #refunds", "U0ALICE"), Contains("Added *#1*"));
    CHECK_THAT(suggest(slack, "Pair on escalations", "U0BOB"), Contains("Added *#2*"));
    const std::string anon = suggest(slack, "Blameless incident notes anon", "U0CAROL");
    CHECK_THAT(anon, Contains("Added *#3*") && Contains("anonymous"));
    CHECK_THAT(suggest(slack, "withdraw seven", "U0BOB"),
               Contains("not a suggestion number") && Contains("`/suggest withdraw ID`"));

    // 15:00: the scheduled run posts the ballot.
    set_clock(clock_file, kFridayBallot);
    const bool posted = slack.wait_for_calls("chat.postMessage", 1, 10s);
    if (!posted) std::cout << scene.log() << std::endl;
    REQUIRE(posted);
    const auto opened = ballot(slack);
    REQUIRE(opened);
    CHECK_THAT(opened->dump(), Contains("0 people voted so far"));
    const std::string one = button_value(*opened, 1);
    const std::string two = button_value(*opened, 2);
    const std::string three = button_value(*opened, 3);

    // Clicks from several people, pushed back to back; Erin takes her vote for #2 back.
    const std::vector<std::pair<std::string, std::string>> clicks = {
        {"U0DAN", one},   {"U0ERIN", one}, {"U0FRANK", three},
        {"U0DAN", three}, {"U0ERIN", two}, {"U0ERIN", two}};
    // Every click has its own action_ts; Dan's first click is delivered twice and counts once.
    std::vector<std::string> envelopes;
    for (std::size_t i = 0; i < clicks.size(); ++i) {
        const std::string action_ts = "1795791700.00010" + std::to_string(i);
        envelopes.push_back(
            slack.push_envelope(click(clicks[i].first, clicks[i].second, action_ts)));
        if (i == 0) envelopes.push_back(slack.push_envelope(click("U0DAN", one, action_ts)));
    }
    for (const std::string& id : envelopes) REQUIRE(slack.wait_for_ack(id, 5s));

    // Each voter sees their own votes; the ballot's voter count is edited in place.
    REQUIRE(slack.wait_for_calls("chat.postEphemeral", clicks.size(), 20s));
    const auto ephemerals = slack.calls("chat.postEphemeral");
    CHECK(ephemerals.back().args.value("user", "") == "U0ERIN");
    CHECK_THAT(ephemerals.back().args.value("text", ""), Contains("1 of 3 used"));
    const bool counted = wait_for_ballot(slack, "3 people voted so far", 20s);
    if (!counted) std::cout << scene.log() << std::endl;
    CHECK(counted);
    const auto updates = slack.calls("chat.update");
    CHECK(!updates.empty());
    CHECK(updates.size() <= clicks.size());                               // bursts coalesce
    CHECK(ballot(slack)->dump().find("_2 votes_") == std::string::npos);  // hidden tallies
    CHECK(slack.messages("C0CREW").size() == 1);                          // edited, not reposted

    // Closing: both suggestions with two votes win.
    CHECK_THAT(suggest(slack, "close", "U0ALICE"), Contains("Closed round 1"));
    // Generous: on a loaded machine the outbox may be backing off behind busy passes.
    REQUIRE(slack.wait_for_calls("chat.postMessage", 2, 30s));
    const std::string announcement = slack.messages("C0CREW").back().value("text", "");
    CHECK_THAT(announcement, Contains("3 people voted") && Contains("Tied winners") &&
                                 Contains("*#1* Checklist for refunds") &&
                                 Contains("*#3* Blameless incident notes") &&
                                 Contains("Owner: <@U0ALICE>") && Contains("nobody yet"));
    CHECK(wait_for_ballot(slack, "Voting closed: 3 people voted", 10s));
    CHECK_THAT(ballot(slack)->dump(), Contains(":trophy: *#1*") && Contains("_2 votes_"));

    // A late click gets "voting closed", to that person only.
    const auto late = slack.push_envelope(click("U0GRACE", two));
    REQUIRE(slack.wait_for_ack(late, 5s));
    REQUIRE(slack.wait_for_calls("chat.postEphemeral", clicks.size() + 1, 10s));
    CHECK(slack.calls("chat.postEphemeral").size() == clicks.size() + 1);  // not the repeat
    const auto last = slack.calls("chat.postEphemeral").back();
    CHECK(last.args.value("user", "") == "U0GRACE");
    CHECK(last.args.value("text", "") == "Voting closed for round 1.");

    CHECK_THAT(suggest(slack, "status", "U0BOB"),
               Contains("*Open improvements*") && Contains("owner <@U0ALICE>"));
    // The form: `/suggest` alone opens it; a bad submission is answered with field errors;
    // the message shortcut opens it prefilled.
    suggest(slack, "", "U0HEIDI");
    REQUIRE(slack.wait_for_calls("views.open", 1, 10s));
    CHECK(slack.calls("views.open")[0].args["view"]["callback_id"] == "suggest_modal");
    CHECK(slack.calls("views.open")[0].response.value("ok", false));
    auto ack = slack.wait_for_ack(slack.push_envelope(form("U0HEIDI", "  ")), 5s);
    REQUIRE(ack);
    CHECK(ack->payload["response_action"] == "errors");
    CHECK(ack->payload["errors"]["suggestion_text"] == "Please write a suggestion.");
    ack = slack.wait_for_ack(slack.push_envelope(form("U0HEIDI", "Tag tickets by cause")), 5s);
    REQUIRE(ack);
    CHECK(ack->payload.is_null());
    CHECK_THAT(suggest(slack, "list", "U0HEIDI"), Contains("*#4* Tag tickets by cause"));
    const nlohmann::json shortcut = {
        {"type", "interactive"},
        {"payload",
         {{"type", "message_action"},
          {"callback_id", "suggest_from_message"},
          {"trigger_id", "trigger-shortcut"},
          {"user", {{"id", "U0BOB"}}},
          {"channel", {{"id", "C0CREW"}}},
          {"message", {{"type", "message"}, {"text", "Refunds &amp; credits are slow"}}}}}};
    REQUIRE(slack.wait_for_ack(slack.push_envelope(shortcut), 5s));
    // (The fake refuses this made-up trigger_id; what matters here is the view the bot sent.)
    REQUIRE(slack.wait_for_calls("views.open", 2, 10s));
    CHECK(slack.calls("views.open")[1].args["view"]["blocks"][0]["element"]["initial_value"] ==
          "Refunds & credits are slow");

    // The anonymous author appears in no call the bot made, except the bot asking Slack who
    // sent a command (users.info, to know whether they are an admin): that tells Slack nothing
    // it did not send the bot itself, and nobody else sees it.
    for (const auto& call : slack.calls()) {
        INFO(call.method);
        if (call.method == "users.info") continue;
        CHECK(call.args.dump().find("U0CAROL") == std::string::npos);
    }
}

TEST_CASE("an anonymous suggestion cannot ping the channel or anyone through the call and ballot") {
    BotFixture scene;
    // Thursday 10:30: the crew enrols with this suggestion, so Friday's 10:00 call is its own.
    const std::string clock_file = start_at(scene, kFridayMorning - 24 * 3600);
    INFO(scene.log());
    FakeSlack& slack = scene.slack;
    // As Slack sends it: mentions in angle brackets, & < > escaped.
    CHECK_THAT(suggest(slack, "<!channel> ask <@U0ANA|ana> &amp; <!subteam^S0CREW|@crew> anon", "U0CAROL"),
               Contains("Added *#1*"));

    const auto reposted = [&](const std::string& needle) {
        const auto deadline = std::chrono::steady_clock::now() + 10s;
        while (std::chrono::steady_clock::now() < deadline) {
            for (const auto& message : slack.messages("C0CREW"))
                if (message.dump().find(needle) != std::string::npos) return message.dump();
            std::this_thread::sleep_for(50ms);
        }
        return std::string();
    };
    set_clock(clock_file, kFridayMorning - 30 * 60 + 30);  // Friday 10:00:30, the call
    const std::string call = reposted("Friday suggestions");
    INFO(call);
    REQUIRE_FALSE(call.empty());
    CHECK_THAT(call, Contains("@channel ask @ana &amp; @crew"));
    set_clock(clock_file, kFridayBallot);
    REQUIRE(wait_for_ballot(slack, "suggest_vote", 10s));
    const std::string ballot_json = ballot(slack)->dump();
    INFO(ballot_json);
    CHECK_THAT(ballot_json, Contains("@channel ask @ana &amp; @crew"));
    for (const std::string& message : {call, ballot_json}) {
        CHECK(message.find("<!channel>") == std::string::npos);
        CHECK(message.find("<@U0ANA") == std::string::npos);
        CHECK(message.find("<!subteam") == std::string::npos);
    }
}

TEST_CASE("a ballot of 40 long suggestions heavy in & < > is posted within Slack's limits") {
    BotFixture scene;
    const std::string clock_file = start_on_friday_morning(scene);
    INFO(scene.log());
    FakeSlack& slack = scene.slack;
    constexpr int kSuggestions = 40;
    for (int i = 1; i <= kSuggestions; ++i) {
        // 1,000 characters as typed, escaped as Slack sends slash-command text.
        std::string typed = 'S' + std::to_string(i) + " ";
        while (typed.size() < 1000) typed += "a&<>"[typed.size() % 4];
        std::string sent;
        for (const char c : typed) sent += c == '&' ? "&amp;" : c == '<' ? "&lt;" : c == '>' ? "&gt;" : std::string(1, c);
        REQUIRE_THAT(suggest(slack, sent, "U0P" + std::to_string(i)), Contains("Added *#"));
    }
    set_clock(clock_file, kFridayBallot);
    // The fake refuses more than 50 blocks or a section over 3,000 characters (invalid_blocks).
    REQUIRE(wait_for_ballot(slack, "suggest_vote", 10s));
    const nlohmann::json blocks = (*ballot(slack))["blocks"];
    CHECK(blocks.size() <= 50);
    int buttons = 0;
    for (const auto& block : blocks) {
        buttons += block.contains("accessory");
        if (!block.contains("text")) continue;
        const std::string text = block["text"].value("text", "");
        std::size_t chars = 0;
        for (const char c : text) chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
        CHECK(chars <= 3000);
        for (std::size_t at = text.find('&'); at != std::string::npos; at = text.find('&', at + 1)) {
            INFO(text.substr(at, 8));
            const std::string_view rest = std::string_view(text).substr(at);
            CHECK((rest.starts_with("&amp;") || rest.starts_with("&lt;") || rest.starts_with("&gt;")));
        }
    }
    CHECK(buttons == kSuggestions);
}

namespace {

// A click as Slack sends it, with the response_url Slack gives every block action; the
// emulator records a POST there as method "response_url" with this envelope's id.
// `hooks` is where the URL points: the Slack the bot talks to, or a second emulator standing in
// for hooks.slack.com.
nlohmann::json click_with_response_url(const FakeSlack& hooks, const std::string& user,
                                       const std::string& value, const std::string& envelope_id,
                                       const std::string& action_ts) {
    nlohmann::json envelope = click(user, value, action_ts);
    const std::string api = hooks.api_url();  // "https://127.0.0.1:<port>/api/"
    envelope["envelope_id"] = envelope_id;
    envelope["payload"]["response_url"] = api.substr(0, api.size() - 4) + "response/" + envelope_id;
    return envelope;
}

// The ballot opened at Friday 15:00 with three suggestions; returns their button values.
std::vector<std::string> open_ballot(BotFixture& scene,
                                     std::map<std::string, std::string> environment = {}) {
    const std::string clock_file = start_on_friday_morning(scene, std::move(environment));
    FakeSlack& slack = scene.slack;
    for (const char* idea : {"Checklist for refunds", "Pair on escalations", "Tag by cause"})
        REQUIRE_THAT(suggest(slack, idea, "U0ALICE"), Contains("Added *#"));
    set_clock(clock_file, kFridayBallot);
    REQUIRE(wait_for_ballot(slack, "suggest_vote", 10s));
    const auto opened = ballot(slack);
    return {button_value(*opened, 1), button_value(*opened, 2), button_value(*opened, 3)};
}

}  // namespace

TEST_CASE("a click is answered by its response_url and the ballot shows the final count") {
    BotFixture scene;
    INFO(scene.log());
    const std::vector<std::string> buttons = open_ballot(scene);
    FakeSlack& slack = scene.slack;

    // Twelve people vote back to back, the last one twice.
    std::vector<std::string> envelopes;
    for (int i = 0; i < 13; ++i) {
        const std::string user = "U0V" + std::to_string(std::min(i, 11));
        const std::string id = "vote-" + std::to_string(i);
        envelopes.push_back(slack.push_envelope(click_with_response_url(
            slack, user, buttons[static_cast<std::size_t>(i % 3)], id,
            "1795791700.00020" + std::to_string(i))));
    }
    for (const std::string& id : envelopes) REQUIRE(slack.wait_for_ack(id, 5s));

    // Every click's answer went to its own response_url, ephemeral, to that person only; none
    // through chat.postEphemeral.
    REQUIRE(slack.wait_for_calls("response_url", envelopes.size(), 20s));
    std::set<std::string> answered;
    for (const ApiCall& call : slack.calls("response_url")) {
        INFO(call.args.dump());
        CHECK(call.http_status == 200);
        CHECK(call.authorization.empty());  // the URL is the permission, never the token
        CHECK(call.args.value("response_type", "") == "ephemeral");
        CHECK(call.args.value("replace_original", true) == false);
        CHECK_THAT(call.args.value("text", ""), Contains("of 3 used"));
        answered.insert(call.args.value("envelope_id", ""));
    }
    CHECK(answered == std::set<std::string>(envelopes.begin(), envelopes.end()));
    CHECK(slack.calls("chat.postEphemeral").empty());

    // The ballot ends on the final count: 12 people; its edits coalesced.
    const bool final_count = wait_for_ballot(slack, "12 people voted so far", 20s);
    if (!final_count) std::cout << scene.log() << std::endl;
    CHECK(final_count);
    CHECK(slack.calls("chat.update").size() <= envelopes.size());
    CHECK(slack.messages("C0CREW").size() == 1);
    CHECK(slack.rate_limited_calls() == 0);
}

TEST_CASE("answers to response URLs on Slack's hooks host reuse one kept-alive connection") {
    // Slack's response URLs are on hooks.slack.com, not the API's host: a second emulator on
    // another port plays it; the bot trusts both emulators' CAs.
    FakeSlack hooks;
    BotFixture scene;
    INFO(scene.log());
    const std::string both_cas = scene.dir + "/both-cas.pem";
    {
        std::ofstream bundle(both_cas);
        for (const std::string& ca : {scene.slack.ca_file(), hooks.ca_file()})
            bundle << std::ifstream(ca).rdbuf();
    }
    const std::vector<std::string> buttons = open_ballot(scene, {{"RITUALBOT_CA_FILE", both_cas}});
    FakeSlack& slack = scene.slack;

    constexpr int kClicks = 8;
    for (int i = 0; i < kClicks; ++i) {
        const std::string id = "hook-vote-" + std::to_string(i);
        REQUIRE(slack.wait_for_ack(
            slack.push_envelope(click_with_response_url(
                hooks, "U0H" + std::to_string(i), buttons[static_cast<std::size_t>(i % 3)], id,
                "1795791700.00030" + std::to_string(i))),
            5s));
    }
    REQUIRE(hooks.wait_for_calls("response_url", kClicks, 20s));
    for (const ApiCall& call : hooks.calls("response_url")) CHECK(call.http_status == 200);
    // One TLS handshake serves the answers (a second if the first connection was dropped),
    // not one per click.
    CHECK(hooks.tls_sessions() <= 2);
    CHECK(slack.calls("response_url").empty());
}

TEST_CASE("a ballot edit answered 429 is sent again only after Retry-After") {
    BotFixture scene;
    INFO(scene.log());
    const std::vector<std::string> buttons = open_ballot(scene);
    FakeSlack& slack = scene.slack;
    FailureSpec limited;  // 429, Retry-After: 2
    limited.retry_after_seconds = 2;
    slack.fail_next("chat.update", limited);

    REQUIRE(slack.wait_for_ack(slack.push_envelope(click("U0DAN", buttons[0])), 5s));
    REQUIRE(slack.wait_for_calls("chat.update", 2, 20s));
    const auto updates = slack.calls("chat.update");
    CHECK(updates[0].http_status == 429);
    CHECK(updates[1].http_status == 200);
    CHECK(updates[1].at - updates[0].at >= 2s);  // waited as Slack asked, not sooner
    CHECK(wait_for_ballot(slack, "1 person voted so far", 10s));
}
