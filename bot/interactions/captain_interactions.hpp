#pragma once
// The captain ritual's interactive payloads: the Accept and Decline buttons of a swap request
// DM (block_actions `captain_swap_accept` / `captain_swap_decline`). The handler only reads
// the Slack JSON into a domain value and calls commands/captain; the router commits and sends
// the effects.

#include "bot/slack/event_router.hpp"

namespace ritualbot::bot {

void register_captain_interactions(slack::EventRouter& router);

}  // namespace ritualbot::bot
