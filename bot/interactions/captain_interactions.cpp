#include "bot/interactions/captain_interactions.hpp"

#include "bot/slack/payload_fields.hpp"
#include "commands/captain/captain_swaps.hpp"
#include "commands/render/ids.hpp"

namespace ritualbot::bot {
namespace {

namespace captain = commands::captain;
using nlohmann::json;

slack::HandlerResult on_answer(const json& payload, commands::Context& context, bool accept) {
    slack::HandlerResult result;
    result.effects =
        captain::answer_swap({slack::string_at(payload, "/user/id"_json_pointer),
                              slack::string_at(payload, "/actions/0/value"_json_pointer),
                              slack::channel_of(payload), accept},
                             context);
    return result;
}

}  // namespace

void register_captain_interactions(slack::EventRouter& router) {
    router.on_block_action(std::string(captain::kSwapAcceptAction),
                           [](const json& payload, commands::Context& context) {
                               return on_answer(payload, context, true);
                           });
    router.on_block_action(std::string(captain::kSwapDeclineAction),
                           [](const json& payload, commands::Context& context) {
                               return on_answer(payload, context, false);
                           });
}

}  // namespace ritualbot::bot
