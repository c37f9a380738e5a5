#pragma once
// The incident reviews' interactive payloads: the review form's submission (view_submission
// `incident_review_modal`, answered with `response_action: errors` when a field is wrong), the
// "Add to incident timeline" message shortcut (`incident_timeline_note`) and the form it opens
// when several incidents are open (`incident_note_modal`). Each handler only reads the Slack
// JSON into a domain value and calls commands/incidents; the router commits and sends the
// effects.

#include "bot/slack/event_router.hpp"

namespace ritualbot::bot {

void register_incident_interactions(slack::EventRouter& router);

}  // namespace ritualbot::bot
