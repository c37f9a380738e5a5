#include "commands/schedule/schedule_reads.hpp"

#include "storage/tickets.hpp"

namespace ritualbot::commands {

const std::vector<std::string>& ScheduleReads::ticket_channels() {
    if (!ticket_channels_) ticket_channels_ = storage::Tickets(db_).channels();
    return *ticket_channels_;
}

const CaptainPlan& ScheduleReads::plan_for_rules(const std::string& channel) {
    auto found = plans_.find(channel);
    if (found == plans_.end())
        found = plans_.emplace(channel, CaptainPlan::load_for_rules(db_, channel)).first;
    return found->second;
}

}  // namespace ritualbot::commands
