// Note for the lead: replace the body with a read of the channel's time zone from the channel
// settings (storage::ChannelSettingsStore, captain ritual), falling back to UTC for a zone name
// the tz database does not know. Everything in /outliers goes through this one function.

#include <date/tz.h>

#include "commands/outliers/outliers_command.hpp"

namespace ritualbot::commands {

const date::time_zone* channel_zone(Context&, const std::string&) {
    return date::locate_zone("UTC");
}

}  // namespace ritualbot::commands
