// The channel's time zone for /outliers: the one the crew configured (`/captain config tz`),
// or UTC when none is set or the stored name is no longer in the tz database.

#include <date/tz.h>

#include "commands/outliers/outliers_command.hpp"
#include "commands/schedule/local_time.hpp"
#include "storage/channel_settings.hpp"

namespace ritualbot::commands {

const date::time_zone* channel_zone(Context& context, const std::string& channel) {
    if (context.db) {
        const auto zone =
            find_zone(storage::ChannelSettingsStore(*context.db).get(channel).time_zone);
        if (zone) return *zone;
    }
    return date::locate_zone("UTC");
}

}  // namespace ritualbot::commands
