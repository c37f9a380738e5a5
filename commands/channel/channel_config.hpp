#pragma once
// A channel's stored settings read into the types the schedule arithmetic uses: its time zone,
// working days and changeover time. Not thread-safe: uses the caller's Database.

#include <chrono>
#include <string>

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

// A channel without a zone, or with a zone name that the system's tz database no longer knows,
// reads as UTC rather than stopping the channel's rituals.
ChannelConfig load_channel_config(storage::Database& db, const std::string& channel);

}  // namespace ritualbot::commands
