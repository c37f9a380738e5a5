#pragma once
// The captain change-over: a ScheduledRitual that, at each channel's change-over time on a
// day a shift starts, records the new shift in the ledger and posts the announcement (the new
// captain, their checklist, the outgoing captain's handoff note, who is next), and updates the
// channel's Slack user group when one is configured. Holidays start no shift, so nobody is
// pinged on them. Stateless; all state is in storage.

#include <memory>

#include "commands/schedule/scheduler.hpp"

namespace ritualbot::commands {

inline constexpr std::string_view kCaptainChangeover = "captain.changeover";

std::unique_ptr<ScheduledRitual> make_captain_changeover();

}  // namespace ritualbot::commands
