#pragma once
// The morning digest: every working day (not a holiday) at 08:30 in the channel's zone, for
// each channel with ticket data, yesterday's digest is posted to the channel (Block Kit) and
// sent to the day's captain by direct message.

#include <memory>
#include <string_view>

#include "commands/schedule/scheduler.hpp"

namespace ritualbot::commands {

inline constexpr std::string_view kDailyDigest = "outliers.digest";
inline constexpr std::chrono::minutes kDigestTime{8 * 60 + 30};

std::unique_ptr<ScheduledRitual> make_daily_digest();

}  // namespace ritualbot::commands
