#pragma once
// What the channel rituals read to build their fire rules, read once per scheduler pass (one
// tick, or one next_wake) instead of once per ritual: the channels that have tickets (the
// digest, the weekly and the quarterly review all run in them) and each channel's CaptainPlan
// for rules (settings, holidays, rotation start and roster shape every ritual's rule; no
// ledger). With 1,000 channels a pass otherwise ran `SELECT DISTINCT channel FROM tickets`
// three times and loaded 4,000 full plans, each with the channel's whole shift ledger.
//
// Only for building rules: no run changes the channel list, settings, holidays, roster or
// rotation start; a run's fire() loads its own full plan. Not thread-safe; lives for one pass
// on the bot's thread.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "commands/captain/captain_plan.hpp"

namespace ritualbot::storage {
class Database;
}

namespace ritualbot::commands {

class ScheduleReads {
public:
    explicit ScheduleReads(storage::Database& db) : db_(db) {}
    ScheduleReads(const ScheduleReads&) = delete;
    ScheduleReads& operator=(const ScheduleReads&) = delete;

    storage::Database& db() { return db_; }
    // storage::Tickets::channels(), read on the first call.
    const std::vector<std::string>& ticket_channels();
    // CaptainPlan::load_for_rules(db, channel), on the first call for the channel; the
    // reference stays valid for the pass.
    const CaptainPlan& plan_for_rules(const std::string& channel);

private:
    storage::Database& db_;
    std::optional<std::vector<std::string>> ticket_channels_;
    std::map<std::string, CaptainPlan, std::less<>> plans_;
};

}  // namespace ritualbot::commands
