#pragma once
// A scheduled ritual that fires on one rule per channel (the captain's change-over, the daily
// digest, each step of the Friday round). It only says which channels it runs in and by which
// rule; which run is due and when the timer wakes next are worked out here, once for all.

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "commands/schedule/fire_times.hpp"
#include "commands/schedule/schedule_reads.hpp"
#include "commands/schedule/scheduler.hpp"

namespace ritualbot::commands {

class ChannelRitual : public ScheduledRitual {
public:
    // since_ms: when the ritual was set up in the channel (unix ms), or nullopt when it does not
    // know (see due_run in missed_runs.hpp). The rule is only valid during the call.
    using VisitChannel = std::function<void(const std::string& channel, const FireRule& rule,
                                            std::optional<std::int64_t> since_ms)>;

    std::vector<DueRun> latest_due(Context& context, ScheduleReads& reads,
                                   std::chrono::sys_seconds now) const final;
    std::optional<std::chrono::sys_seconds> next_after(Context& context, ScheduleReads& reads,
                                                       std::chrono::sys_seconds now) const final;

private:
    // Calls visit for every channel the ritual runs in.
    virtual void for_each_channel(ScheduleReads& reads, const VisitChannel& visit) const = 0;
};

}  // namespace ritualbot::commands
