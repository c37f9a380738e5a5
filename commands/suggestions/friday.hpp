#pragma once
// The suggestion ritual's scheduled runs, in each enrolled channel's time zone:
// - suggest.call (default Friday 10:00): the call for suggestions with those already in, the
//   improvements still open and the streak of weeks with one done;
// - suggest.open (default Friday 15:00): posts the ballot of the collecting round, unless a
//   vote is already open (`/suggest open` ran) or there is nothing to vote on;
// - suggest.close (default Monday 10:00): closes the open vote and announces the winners.
// Fire times before the channel enrolled (its first /suggest) are never run. Stateless; all
// state is in storage.

#include <memory>
#include <string_view>

#include "commands/schedule/scheduler.hpp"

namespace ritualbot::commands {

inline constexpr std::string_view kSuggestCall = "suggest.call";
inline constexpr std::string_view kSuggestOpen = "suggest.open";
inline constexpr std::string_view kSuggestClose = "suggest.close";

std::unique_ptr<ScheduledRitual> make_suggestion_call();
std::unique_ptr<ScheduledRitual> make_ballot_open();
std::unique_ptr<ScheduledRitual> make_vote_close();

}  // namespace ritualbot::commands
