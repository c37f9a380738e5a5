#pragma once

// Channels that have left the rituals: by `/ritual leave`, or because the bot was removed from
// them (Slack said so, or refused a post with not_in_channel). While a channel is paused the
// scheduler fires nothing there and the outbox sends nothing there; its data stays, for
// `ritualbot export` and for when it comes back (`/ritual join`, or the bot is re-invited).
// Threading: like the Database it holds a reference to, one thread only.

#include <cstdint>
#include <optional>
#include <string>

#include "storage/database.hpp"

namespace ritualbot::storage {

struct ChannelPause {
    std::string channel;
    std::string reason;     // for people and the log: "left with /ritual leave"
    std::string paused_by;  // Slack user id, or "slack" when Slack told the bot
    std::int64_t paused_at = 0;
};

class ChannelPauses {
public:
    explicit ChannelPauses(Database& db) : db_(db) {}

    // False, changing nothing, when the channel is paused already (the first reason stands).
    bool pause(const ChannelPause& pause);
    // The pause that ended; nullopt when the channel was not paused.
    std::optional<ChannelPause> resume(const std::string& channel);
    std::optional<ChannelPause> find(const std::string& channel);

private:
    Database& db_;
};

}  // namespace ritualbot::storage
