#include "commands/schedule/channel_ritual.hpp"

#include <utility>

#include "commands/schedule/missed_runs.hpp"

namespace ritualbot::commands {

std::vector<DueRun> ChannelRitual::latest_due(Context& context, ScheduleReads& reads,
                                              std::chrono::sys_seconds now) const {
    std::vector<DueRun> due;
    if (context.db == nullptr) return due;
    for_each_channel(reads, [&](const std::string& channel, const FireRule& rule,
                                std::optional<std::int64_t> since_ms) {
        if (auto run = due_run(name(), channel, rule, now, since_ms))
            due.push_back(std::move(*run));
    });
    return due;
}

std::optional<std::chrono::sys_seconds> ChannelRitual::next_after(
    Context& context, ScheduleReads& reads, std::chrono::sys_seconds now) const {
    std::optional<std::chrono::sys_seconds> earliest;
    if (context.db == nullptr) return earliest;
    for_each_channel(reads,
                     [&](const std::string&, const FireRule& rule, std::optional<std::int64_t>) {
                         const auto fire = next_fire_after(rule, now);
                         if (fire && (!earliest || fire->at < *earliest)) earliest = fire->at;
                     });
    return earliest;
}

}  // namespace ritualbot::commands
