#pragma once
// Freshdesk's ticket list (`/api/v2/tickets?updated_since=…&order_by=updated_at&order_type=asc
// &include=stats`) and satisfaction ratings (`/api/v2/surveys/satisfaction_ratings`) mapped
// onto DESIGN's ticket columns (helpdesk-apis.md A2):
//   id, created_at; first_response_at = stats.first_responded_at; resolved_at =
//   stats.resolved_at, else stats.closed_at once the status code says resolved (4) or closed
//   (5); reopens = 1 when stats.reopened_at is set, else 0 (Freshdesk keeps only the latest
//   reopen); escalated = is_escalated; channel from the source code (1 email, 2 portal,
//   3 phone, 7 chat, 9 feedback_widget, 10 outbound_email); agent = responder_id hashed;
//   requester = requester_id; tags; request_type by the admin's rule (`field:cf_…`);
//   source = freshdesk. A ticket marked `deleted` is listed in `deleted`.
// Ratings: `ratings.default_question` on Freshdesk's scale (103 extremely happy … -103
// extremely unhappy) becomes csat 5 (≥ 102), 4 (101), 3 (100), 2 (-101) or 1 (≤ -102).
// Pure functions, safe from any thread.

#include <string_view>

#include "commands/connectors/helpdesk_page.hpp"

namespace ritualbot::commands {

Result<HelpdeskPage> map_freshdesk_tickets(std::string_view body, const MappingOptions& options);
Result<HelpdeskPage> map_freshdesk_ratings(std::string_view body);

std::string freshdesk_channel_name(const nlohmann::json& source_code);
// nullopt for a value off Freshdesk's scale.
std::optional<int> freshdesk_csat(const nlohmann::json& rating);

}  // namespace ritualbot::commands
