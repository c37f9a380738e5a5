#include "commands/captain/captain_plan.hpp"

#include <algorithm>
#include <stdexcept>

namespace ritualbot::commands {

CaptainPlan CaptainPlan::load(storage::Database& db, const std::string& channel) {
    CaptainPlan plan = load_for_rules(db, channel);
    plan.for_rules_only_ = false;
    plan.ledger_ = storage::CaptainRoster(db).shifts(channel);
    plan.overrides_ = storage::CaptainOverrides(db).list(channel);
    return plan;
}

CaptainPlan CaptainPlan::load_for_rules(storage::Database& db, const std::string& channel) {
    CaptainPlan plan;
    plan.for_rules_only_ = true;
    plan.channel_ = channel;
    plan.config_ = load_channel_config(db, channel);
    storage::CaptainRoster roster(db);
    plan.start_ = roster.start(channel);
    plan.roster_ = roster.members(channel);
    plan.holidays_ = storage::CaptainOverrides(db).holidays(channel);
    return plan;
}

void CaptainPlan::require_ledger(const char* what) const {
    if (for_rules_only_) {
        throw std::logic_error(std::string("CaptainPlan::") + what + " of channel " + channel_ +
                               ": loaded for rules only, without the ledger and overrides");
    }
}

bool CaptainPlan::is_holiday(LocalDate date) const {
    const std::string text = format_date(date);
    return std::any_of(holidays_.begin(), holidays_.end(),
                       [&](const storage::Holiday& h) { return h.date == text; });
}

FireRule CaptainPlan::shift_rule() const {
    const auto open = [this](LocalDate date) {
        return config_.days.contains(date) && !is_holiday(date);
    };
    FireRule rule{config_.zone, config_.changeover, open};
    if (config_.stored.captain_period == storage::CaptainPeriod::weekly) {
        // A weekly shift starts on the first open day of the ISO week (Monday unless that is a
        // holiday or not worked), so a Monday holiday moves the change-over to Tuesday.
        rule.is_fire_date = [open](LocalDate date) {
            if (!open(date)) return false;
            const date::weekday day{date};
            for (unsigned back = 1; back < day.iso_encoding(); ++back) {
                if (open(date - date::days{back})) return false;
            }
            return true;
        };
    }
    return rule;
}

Slot CaptainPlan::slot_at(LocalDate start) const {
    if (config_.stored.captain_period == storage::CaptainPeriod::daily) return {start, start};
    const unsigned to_sunday = 7 - date::weekday{start}.iso_encoding();
    return {start, start + date::days{to_sunday}};
}

Projection CaptainPlan::project(std::chrono::sys_seconds now, int upcoming) const {
    require_ledger("project");
    Projection out{{}, std::nullopt, Rotation(roster_, ledger_, overrides_)};
    if (!start_) return out;
    const FireRule rule = shift_rule();
    std::optional<LocalDate> next;
    if (!ledger_.empty()) {
        const storage::ShiftRecord& last = ledger_.back();
        if (const auto date = parse_iso_date(last.start_date)) {
            Pick pick{last.user, PickReason::in_turn, {}, {}, last.turn_position, 0};
            out.shifts.push_back({slot_at(*date), from_unix_ms(last.started_at), pick, true});
            next = fire_date_on_or_after(rule, *date + date::days{1});
        }
    } else if (const auto epoch = parse_iso_date(start_->epoch_date)) {
        next = fire_date_on_or_after(rule, *epoch);
    }
    Rotation rotation = out.after_current;
    int after_now = 0;
    while (next && after_now < upcoming + 1) {
        const auto at = to_utc(config_.zone, *next, config_.changeover);
        if (at > now) ++after_now;
        if (after_now > upcoming) break;
        PlannedShift shift{slot_at(*next), at, rotation.pick(slot_at(*next)), false};
        if (shift.pick) rotation.serve(*shift.pick);
        if (at <= now) out.after_current = rotation;
        out.shifts.push_back(std::move(shift));
        next = fire_date_on_or_after(rule, *next + date::days{1});
    }
    for (std::size_t i = 0; i < out.shifts.size(); ++i) {
        if (out.shifts[i].starts_at <= now) out.current = i;
    }
    return out;
}

void CaptainPlan::settle(storage::Database& db, const std::string& channel,
                         std::chrono::sys_seconds now) {
    const CaptainPlan plan = load(db, channel);
    const Projection projection = plan.project(now, 0);
    if (!projection.current) return;
    storage::CaptainRoster roster(db);
    for (std::size_t i = 0; i <= *projection.current; ++i) {
        const PlannedShift& shift = projection.shifts[i];
        if (shift.settled || !shift.pick) continue;
        roster.record_shift(channel, {format_date(shift.slot.start), shift.pick->user,
                                      to_unix_ms(shift.starts_at), shift.pick->turn_position});
    }
}

}  // namespace ritualbot::commands
