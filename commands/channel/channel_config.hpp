#pragma once
// A channel's stored settings read into the types the schedule arithmetic uses, and the checks
// every changing command shares: who may change what (channel admins), and the audit row
// written with each change. Handlers call these inside their own storage::Transaction.
// Not thread-safe: uses the caller's Database.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "commands/command_table.hpp"
#include "commands/schedule/local_time.hpp"
#include "storage/channel_settings.hpp"
#include "storage/database.hpp"

namespace ritualbot::commands {

struct ChannelConfig {
    storage::ChannelSettings stored;
    const date::time_zone* zone = nullptr;
    WorkingDays days;
    std::chrono::minutes changeover{9 * 60};
};

// A zone name that the system's tz database no longer knows reads as UTC rather than stopping
// the channel's rituals.
ChannelConfig load_channel_config(storage::Database& db, const std::string& channel);

std::int64_t now_ms(const Context& context);
std::chrono::sys_seconds now_seconds(const Context& context);

// Empty when the user may make admin-only changes in the channel. A channel with no admin yet
// makes the user its first admin (recorded and audited in the caller's transaction). Otherwise
// the refusal names who can: "only channel admins (<@U1>, <@U2>) can change the roster".
std::optional<std::string> require_admin(storage::Database& db, const Request& request,
                                         std::string_view what, std::int64_t now);

// Appends the audit row for a change; call inside the change's transaction.
void audit(storage::Database& db, const Request& request, std::string action, std::string detail,
           std::int64_t now);

std::string mention(std::string_view user);  // <@U123>

// Ephemeral reply with plain text (no usage): for refusals and "nothing changed" answers.
Reply ephemeral_reply(std::string text);
Reply channel_reply(std::string text);  // in_channel

}  // namespace ritualbot::commands
