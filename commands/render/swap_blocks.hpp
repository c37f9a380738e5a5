#pragma once
// The DM that asks someone to accept a captain swap: the question and Accept / Decline buttons
// carrying the request id; once answered, the question alone with the outcome under it.

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace ritualbot::commands::render {

// `question` is mrkdwn the caller escaped.
nlohmann::json swap_question_blocks(const std::string& question, std::int64_t request_id);
nlohmann::json swap_answered_blocks(const std::string& question, const std::string& outcome);

}  // namespace ritualbot::commands::render
