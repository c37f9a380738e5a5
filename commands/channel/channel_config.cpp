#include "commands/channel/channel_config.hpp"

namespace ritualbot::commands {

ChannelConfig load_channel_config(storage::Database& db, const std::string& channel) {
    ChannelConfig config;
    config.stored = storage::ChannelSettingsStore(db).get(channel);
    const auto zone = find_zone(config.stored.time_zone);
    config.zone = zone ? *zone : date::locate_zone("UTC");
    config.days = WorkingDays{config.stored.working_days};
    if (config.days.empty()) config.days = WorkingDays{WorkingDays::kMondayToFriday};
    config.changeover = std::chrono::minutes{config.stored.changeover_minute};
    return config;
}

}  // namespace ritualbot::commands
