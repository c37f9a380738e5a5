#pragma once
// The suggestion ritual's interactive payloads: ballot clicks (block_actions `suggest_vote`),
// the suggestion form (view_submission `suggest_modal`, answered with `response_action:
// errors` when a field is wrong) and the "Suggest from message" shortcut
// (`suggest_from_message`). Each handler only reads the Slack JSON into a domain value and
// calls commands/suggestions; the router commits and sends the effects.

#include "bot/slack/event_router.hpp"

namespace ritualbot::bot {

void register_suggestion_interactions(slack::EventRouter& router);

}  // namespace ritualbot::bot
