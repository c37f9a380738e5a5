#pragma once
// A channel's captain rotation read from storage and laid out in time: which local dates start
// a shift (working days that are not holidays; for a weekly period, the first such day of each
// week), who serves each shift by the rule in rotation.hpp, and the settling of shifts into the
// ledger once they are over, so history stays fixed while the roster and overrides change.
// Not thread-safe: reads the caller's Database.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "commands/captain/rotation.hpp"
#include "commands/channel/channel_config.hpp"
#include "commands/schedule/fire_times.hpp"
#include "storage/captain_overrides.hpp"
#include "storage/captain_roster.hpp"

namespace ritualbot::commands {

struct PlannedShift {
    Slot slot;
    std::chrono::sys_seconds starts_at;
    std::optional<Pick> pick;  // nullopt: nobody on the roster can serve it
    bool settled = false;      // already in the ledger
};

struct Projection {
    std::vector<PlannedShift> shifts;    // from the last settled shift on, in order
    std::optional<std::size_t> current;  // the shift in progress at `now`
    Rotation after_current;              // counts including the current shift
};

class CaptainPlan {
public:
    static CaptainPlan load(storage::Database& db, const std::string& channel);
    // What fire rules need (settings, holidays, rotation start, roster), without the shift
    // ledger (a row per past shift) and the overrides: for the scheduler, which builds every
    // channel's rules on each pass. overrides() and project() throw std::logic_error on it.
    static CaptainPlan load_for_rules(storage::Database& db, const std::string& channel);

    const std::string& channel() const { return channel_; }
    const ChannelConfig& config() const { return config_; }
    const std::optional<storage::RotationStart>& start() const { return start_; }
    const std::vector<storage::RosterMember>& roster() const { return roster_; }
    const std::vector<storage::Override>& overrides() const {
        require_ledger("overrides");
        return overrides_;
    }
    const std::vector<storage::Holiday>& holidays() const { return holidays_; }
    bool is_holiday(LocalDate date) const;

    // Local dates that start a shift, at the change-over time.
    FireRule shift_rule() const;
    Slot slot_at(LocalDate start) const;

    // Every shift from the first unsettled one through the one in progress at `now`, then
    // `upcoming` more (fewer if the calendar runs out).
    Projection project(std::chrono::sys_seconds now, int upcoming) const;

    // Records in the ledger every shift that has started by `now`, the one in progress
    // included. Called when a shift starts (the change-over) and before any change to the
    // roster, overrides or settings, so those shape only shifts that have not started; only
    // `skip` re-opens the shift in progress (see captain_overrides.cpp).
    static void settle(storage::Database& db, const std::string& channel,
                       std::chrono::sys_seconds now);

private:
    void require_ledger(const char* what) const;

    bool for_rules_only_ = false;
    std::string channel_;
    ChannelConfig config_;
    std::optional<storage::RotationStart> start_;
    std::vector<storage::RosterMember> roster_;
    std::vector<storage::ShiftRecord> ledger_;
    std::vector<storage::Override> overrides_;
    std::vector<storage::Holiday> holidays_;
};

namespace captain {

// "Fri 27 Nov", or "week of Mon 30 Nov" for a weekly rotation.
std::string shift_label(const CaptainPlan& plan, const PlannedShift& shift);
// "<@U2> (covering for <@U1>, skipped)".
std::string captain_text(const PlannedShift& shift);

}  // namespace captain

}  // namespace ritualbot::commands
