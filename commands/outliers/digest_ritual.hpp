#pragma once
// The morning digest: every working day (not a holiday) at the channel's digest time, for each
// channel with ticket data, the digest of every date since the previous one (coverage.hpp) is
// posted to the channel (Block Kit) and sent by direct message to the captain on duty then.
// The digest time is `/outliers config time HH:MM`, by default 15 minutes after the captain
// change-over, so the incoming captain gets it, not the one whose shift has ended.

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "commands/channel/channel_config.hpp"
#include "commands/schedule/scheduler.hpp"

namespace ritualbot::commands {

inline constexpr std::string_view kDailyDigest = "outliers.digest";
inline constexpr std::chrono::minutes kDigestAfterChangeover{15};

// The channel's digest time after local midnight: its setting, else the change-over + 15 min
// (at most 23:59).
std::chrono::minutes digest_time(storage::Database& db, const std::string& channel,
                                 const ChannelConfig& config);

std::unique_ptr<ScheduledRitual> make_daily_digest();

}  // namespace ritualbot::commands
