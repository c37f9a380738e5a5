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

// Rows get idempotency keys "<key_prefix>:<n>", so replaying the same cause adds nothing.
// Outbox times are transport bookkeeping and always come from the wall clock (the sender
// paces against it), never from the rituals' injected clock. Returns the rows added (a
// replayed key adds none).
std::size_t enqueue_effects(storage::Database& db, const commands::Effects& effects,
                            const std::string& key_prefix);

nlohmann::json post_message_args(const commands::Post& post);  // postMessage or postEphemeral
nlohmann::json update_args(const commands::MessageUpdate& update);
nlohmann::json usergroup_update_args(const commands::UsergroupUpdate& update);

// Not a Web API method: a row the sender carries out as Slack's three upload calls
// (chart_upload.hpp), its payload chart_share_args.
inline constexpr const char* kChartUploadMethod = "chart.upload";
nlohmann::json chart_share_args(const commands::ChartShare& share);

}  // namespace ritualbot::bot::slack
