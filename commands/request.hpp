#pragma once
// Domain values exchanged between bot/ and the rituals. No Slack wire JSON here: bot/ turns a
// slash command (or a mention) into a Request and a Reply back into an ack payload or Web API
// calls through the outbox. The Block Kit a Post or a ModalOpen carries is built in one place,
// commands/render, from the rituals' domain values; bot/ sends it as it is.

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <vector>

namespace ritualbot::commands {

struct Request {
    std::string command;     // "/ritual", with the slash
    std::string text;        // everything after the command, as Slack sent it (mentions escaped)
    std::string channel_id;  // the crew: every ritual keys its state on this
    std::string user_id;     // who typed it
    std::string team_id;
    std::string trigger_id{};  // lets a reply open a modal (valid for 3 s, once)
};

enum class Visibility { ephemeral, in_channel };

// A message the bot will post later through the outbox (never sent directly by commands/).
struct Post {
    std::string channel;
    std::string text;              // Slack mrkdwn, user text already escaped (&, <, >); also the
                                   // notification fallback when there are blocks
    std::string thread_ts{};       // empty: top level
    nlohmann::json blocks{};       // Block Kit array from commands/render, or null for text only
    std::string key{};             // a stable name ("ballot:C1:7") so a MessageUpdate can edit it
                                   // later; empty: the bot names it
    std::string ephemeral_user{};  // set: only this user sees it (chat.postEphemeral)
};

// Edit a post made earlier (by its key) in place, e.g. a ballot's voter count.
struct MessageUpdate {
    std::string channel;
    std::string post_key;
    std::string text;
    nlohmann::json blocks{};
};

// Replace the members of a Slack user group (e.g. @support-captain) through the outbox.
struct UsergroupUpdate {
    std::string usergroup;           // S… id
    std::vector<std::string> users;  // U… ids, the complete new membership
};

// Open a modal (views.open) for the person whose action carried `trigger_id`.
struct ModalOpen {
    std::string trigger_id;
    nlohmann::json view;  // Block Kit view object (type "modal") from commands/render
};

// Publish a person's Home tab (views.publish), replacing what it showed.
struct HomeTab {
    std::string user;     // U…
    nlohmann::json view;  // Block Kit view object (type "home") from commands/render
};

// A trend picture shared into a channel as a file (Slack's upload: get a URL, send the bytes,
// complete the upload into the channel), through the outbox like a post. bot/ draws the PNG
// from `chart` when it sends the row.
struct ChartShare {
    std::string channel;
    std::string filename;         // "trend-2026-11-26.png"
    std::string title;            // the file's title in Slack
    std::string alt_text;         // the picture in words (chart_alt_text, at most 1000 bytes)
    std::string initial_comment;  // Slack mrkdwn shown with it; may be empty
    nlohmann::json chart;         // chart_to_json (commands/outliers/trend_chart.hpp)
    std::string key{};            // as Post::key; empty: the bot names it
};

// What a scheduled run (or any handler with more to do than reply) asks bot/ to carry out.
struct Effects {
    std::vector<Post> posts{};
    std::vector<ChartShare> chart_shares{};  // queued after the posts of the same channel
    std::vector<ModalOpen> modals{};
    std::vector<MessageUpdate> updates{};
    std::vector<UsergroupUpdate> usergroup_updates{};
    std::vector<HomeTab> home_tabs{};
};

// What a submitted form comes to: errors under the fields that were wrong (the form stays
// open), or, when accepted, the effects of the change.
struct FormOutcome {
    std::map<std::string, std::string> errors{};  // block_id -> message; empty: accepted
    Effects effects{};
};

struct Reply {
    Visibility visibility = Visibility::ephemeral;
    std::string text;   // Slack mrkdwn; shown to the invoker (or the channel); with blocks, the
                        // notification fallback
    nlohmann::json blocks{};  // Block Kit array from commands/render, or null for text only
    Effects effects{};  // carried out after the state change is committed
};

}  // namespace ritualbot::commands
