#include "commands/render/swap_blocks.hpp"

#include "commands/render/block_kit.hpp"
#include "commands/render/ids.hpp"

namespace ritualbot::commands::render {

using nlohmann::json;

json swap_question_blocks(const std::string& question, std::int64_t request_id) {
    const std::string id = std::to_string(request_id);
    json accept = button("Accept", captain::kSwapAcceptAction, id);
    accept["style"] = "primary";
    return json::array(
        {section(mrkdwn(question)),
         {{"type", "actions"},
          {"elements",
           json::array({accept, button("Decline", captain::kSwapDeclineAction, id)})}}});
}

json swap_answered_blocks(const std::string& question, const std::string& outcome) {
    return json::array({section(mrkdwn(question)), context(mrkdwn(outcome))});
}

}  // namespace ritualbot::commands::render
