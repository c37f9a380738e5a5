#pragma once
// Turns the effects a ritual returns (posts, user-group updates) into outbox rows: the one
// place that knows which Web API call carries each effect. Call it inside the transaction of
// the state change that caused the effects.

#include "commands/request.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>

namespace ritualbot::storage {
class Database;
}

namespace ritualbot::bot::slack {

// Who acted in an interaction and the response_url Slack gave for it: an ephemeral answer to
// that person goes there (their own lane, "respond:<user>"), not through chat.postEphemeral,
// whose per-workspace tier a vote storm would exhaust. Empty: no such answer.
struct Responder {
    std::string user;
    std::string channel;  // where they acted: the response_url answers there only
    std::string response_url;
};

// The lanes (the outbox's queues, each sent in order): a channel's posts, one a second; its
// edits, "edit:<channel>", paced by chat.update's budget, so the newest edit of a ballot
// never waits behind posts (a pending edit is replaced by a newer one of the same post); a
// person's answers by response_url, "respond:<user>"; a modal per trigger, a Home tab per
// person, a user group's updates.
// Rows get idempotency keys "<key_prefix>:<n>", so replaying the same cause adds nothing.
// Outbox times are transport bookkeeping and always come from the wall clock (the sender
// paces against it), never from the rituals' injected clock. Returns the rows added (a
// replayed key adds none).
std::size_t enqueue_effects(storage::Database& db, const commands::Effects& effects,
                            const std::string& key_prefix, const Responder& responder = {});

// A response_url row's payload: the message, plus "url" and "channel" for the sender.
nlohmann::json response_args(const commands::Post& post, const std::string& response_url);

nlohmann::json post_message_args(const commands::Post& post);  // postMessage or postEphemeral
nlohmann::json update_args(const commands::MessageUpdate& update);
nlohmann::json usergroup_update_args(const commands::UsergroupUpdate& update);

// Not a Web API method: an answer to an interaction, which WebApiClient::call POSTs (without
// the token) to its response_url; its payload response_args.
inline constexpr const char* kResponseUrlMethod = "response_url";

// Not a Web API method: a row the sender carries out as Slack's three upload calls
// (chart_upload.hpp), its payload chart_share_args.
inline constexpr const char* kChartUploadMethod = "chart.upload";
nlohmann::json chart_share_args(const commands::ChartShare& share);

}  // namespace ritualbot::bot::slack
