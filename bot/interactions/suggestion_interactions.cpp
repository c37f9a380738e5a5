#include "bot/interactions/suggestion_interactions.hpp"

#include "bot/slack/payload_fields.hpp"
#include "commands/render/ids.hpp"
#include "commands/suggestions/interactions.hpp"

namespace ritualbot::bot {
namespace {

namespace suggestions = commands::suggestions;
using nlohmann::json;
using slack::channel_of;
using slack::find_at;
using slack::input_value;
using slack::string_at;

slack::HandlerResult on_vote(const json& payload, commands::Context& context) {
    slack::HandlerResult result;
    result.effects =
        suggestions::vote_click({channel_of(payload), string_at(payload, "/user/id"_json_pointer),
                                 string_at(payload, "/actions/0/value"_json_pointer)},
                                context);
    return result;
}

slack::HandlerResult on_form(const json& payload, commands::Context& context) {
    suggestions::SuggestionForm form;
    form.channel = string_at(payload, "/view/private_metadata"_json_pointer);
    form.user = string_at(payload, "/user/id"_json_pointer);
    form.text = input_value(payload, suggestions::kTextBlock, suggestions::kTextAction, {"value"});
    form.procedure = input_value(payload, suggestions::kProcedureBlock,
                                 suggestions::kProcedureAction, {"value"});
    const json* selected = find_at(payload, slack::input_path(suggestions::kAnonBlock,
                                                              suggestions::kAnonAction,
                                                              {"selected_options"}));
    form.anonymous = selected != nullptr && selected->is_array() && !selected->empty();

    return slack::form_result(suggestions::submit_form(form, context));
}

slack::HandlerResult on_message_shortcut(const json& payload, commands::Context&) {
    slack::HandlerResult result;
    result.effects =
        suggestions::form_from_message(string_at(payload, "trigger_id"), channel_of(payload),
                                       string_at(payload, "/message/text"_json_pointer));
    return result;
}

}  // namespace

void register_suggestion_interactions(slack::EventRouter& router) {
    router.on_block_action(std::string(suggestions::kVoteAction), on_vote);
    router.on_view_submission(std::string(suggestions::kFormCallback), on_form);
    router.on_shortcut(std::string(suggestions::kFromMessageCallback), on_message_shortcut);
}

}  // namespace ritualbot::bot
