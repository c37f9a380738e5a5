#pragma once
// A change to when a channel's rituals fire (a time, the working days, the zone) is no reason
// to fire one: an occurrence of the new rule whose time had passed when the change was made
// was never missed. Note the runs due before the change, make it, then settle() in the same
// transaction: each run the change made due is recorded skipped, so neither the next tick nor
// a restart fires it. Runs that were due already (a tick not yet come, a retry) are left alone.
// One thread, with the context's database.

#include <set>
#include <string>
#include <vector>

#include "commands/request.hpp"
#include "commands/schedule/scheduler.hpp"

namespace ritualbot::commands {

class RuleChange {
public:
    RuleChange(Context& context, std::string channel);
    void settle();

private:
    std::vector<DueRun> due_runs();  // the channel's latest run of every ritual, due now

    Context& context_;
    std::string channel_;
    Scheduler scheduler_ = make_scheduler();
    std::set<std::string> due_before_;
};

}  // namespace ritualbot::commands
