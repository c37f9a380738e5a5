#pragma once
// One page of Zendesk's incremental ticket export, cursor variant
// (`/api/v2/incremental/tickets/cursor.json?…&include=metric_sets`), mapped onto DESIGN's ticket
// columns (helpdesk-apis.md A1):
//   id, created_at; first_response_at = created_at + metric_set.reply_time_in_minutes.calendar;
//   resolved_at = metric_set.solved_at; reopens; escalated = group_stations > 1;
//   channel = via.channel (numeric ids named); agent = assignee_id hashed; requester =
//   requester_id (hashed when stored); csat good → 5, bad → 1, offered/unoffered → unknown;
//   tags; request_type by the admin's rule; source = zendesk.
// A ticket with status `deleted` is listed in `deleted`; a follow-up (via.source.rel
// "follow_up") lists the ticket it follows (via.source.from.ticket_id) in `recontacted`.
// Pure function, safe from any thread.

#include <string_view>

#include "commands/connectors/helpdesk_page.hpp"

namespace ritualbot::commands {

Result<HelpdeskPage> map_zendesk_page(std::string_view body, const MappingOptions& options);

// The contact path a `via.channel` value names: strings as they are, numeric ids by
// Zendesk's table (4 → email, 29 → chat, …), unknown ids as "via_<n>".
std::string zendesk_channel_name(const nlohmann::json& channel);

}  // namespace ritualbot::commands
