#pragma once
// The playbook's interactive payloads: the "Add as customer voice" message shortcut
// (`playbook_customer_voice`) opens the form, and its submission (view_submission
// `playbook_voice_modal`, answered with `response_action: errors` when a field is wrong) keeps
// the words with the procedure picked. Each handler only reads the Slack JSON into a domain
// value and calls commands/playbook; the router commits and sends the effects.

#include "bot/slack/event_router.hpp"

namespace ritualbot::bot {

void register_playbook_interactions(slack::EventRouter& router);

}  // namespace ritualbot::bot
