#pragma once
// The outlier ritual's interactive payloads: the digest's "Owner & cause" button (block_actions
// `outliers_ack`) opens the investigation form, and its submission (view_submission
// `outliers_ack_modal`, answered with `response_action: errors` when a field is wrong) records
// the investigation and the playbook procedure picked, if any. Each handler only reads the Slack JSON into a domain value and calls
// commands/outliers; the router commits and sends the effects.

#include "bot/slack/event_router.hpp"

namespace ritualbot::bot {

void register_outlier_interactions(slack::EventRouter& router);

}  // namespace ritualbot::bot
