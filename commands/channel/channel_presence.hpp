#pragma once
// A channel leaving every ritual and coming back: `/ritual leave` and `/ritual join` (admins),
// and the same pause when Slack says the bot was removed (bot/ calls pause_channel and
// resume_channel). While paused the scheduler fires nothing there and the outbox sends nothing
// there; the channel's data stays, for `ritualbot export` and for its return.
// Call inside the caller's storage::Transaction. Not thread-safe: uses the caller's Database.

#include <cstdint>
#include <optional>
#include <string>

#include "commands/command_table.hpp"
#include "storage/channel_pauses.hpp"

namespace ritualbot::commands {

// Records the pause and fails the channel's pending outbox rows with its reason, so nothing
// queued is posted and nothing is dropped silently. False, changing nothing, when the channel
// was paused already.
bool pause_channel(storage::Database& db, const storage::ChannelPause& pause);
// The pause that ended; nullopt when the channel was not paused.
std::optional<storage::ChannelPause> resume_channel(storage::Database& db,
                                                    const std::string& channel);

Reply leave_command(const Request& request, const Args& args, Context& context);
Reply join_command(const Request& request, const Args& args, Context& context);

}  // namespace ritualbot::commands
