#include "bot/interactions/suggestion_interactions.hpp"

#include "bot/slack/payload_fields.hpp"
#include "commands/suggestions/ballot.hpp"
#include "commands/suggestions/interactions.hpp"

namespace ritualbot::bot {
namespace {

namespace suggestions = commands::suggestions;
using nlohmann::json;

const json& member(const json& object, const char* key) {
    static const json kNull;
    if (!object.is_object()) return kNull;
    const auto it = object.find(key);
    return it == object.end() ? kNull : *it;
}

std::string string_of(const json& value) {
    return value.is_string() ? value.get<std::string>() : std::string();
}

std::string user_of(const json& payload) {
    return string_of(member(member(payload, "user"), "id"));
}

using slack::channel_of;

// view.state.values[block][action] of a plain_text_input.
const json& input(const json& values, std::string_view block, std::string_view action) {
    return member(member(values, std::string(block).c_str()), std::string(action).c_str());
}

slack::HandlerResult on_vote(const json& payload, commands::Context& context) {
    const json& actions = member(payload, "actions");
    const json& action = actions.is_array() && !actions.empty() ? actions.front() : json();
    slack::HandlerResult result;
    result.effects = suggestions::vote_click(
        {channel_of(payload), user_of(payload), string_of(member(action, "value")),
         string_of(member(action, "action_ts"))},
        context);
    return result;
}

slack::HandlerResult on_form(const json& payload, commands::Context& context) {
    const json& view = member(payload, "view");
    const json& values = member(member(view, "state"), "values");
    suggestions::SuggestionForm form;
    form.channel = string_of(member(view, "private_metadata"));
    form.user = user_of(payload);
    form.text = string_of(
        member(input(values, suggestions::kTextBlock, suggestions::kTextAction), "value"));
    form.procedure = string_of(member(
        input(values, suggestions::kProcedureBlock, suggestions::kProcedureAction), "value"));
    const json& selected = member(input(values, suggestions::kAnonBlock, suggestions::kAnonAction),
                                  "selected_options");
    form.anonymous = selected.is_array() && !selected.empty();

    suggestions::FormOutcome outcome = suggestions::submit_form(form, context);
    slack::HandlerResult result;
    if (!outcome.errors.empty()) {
        result.ack_payload = {{"response_action", "errors"}, {"errors", outcome.errors}};
        return result;
    }
    result.effects = std::move(outcome.effects);
    return result;  // a bare ack closes the modal
}

slack::HandlerResult on_message_shortcut(const json& payload, commands::Context&) {
    slack::HandlerResult result;
    result.effects = suggestions::form_from_message(
        string_of(member(payload, "trigger_id")), channel_of(payload),
        string_of(member(member(payload, "message"), "text")));
    return result;
}

}  // namespace

void register_suggestion_interactions(slack::EventRouter& router) {
    router.on_block_action(std::string(suggestions::kVoteAction), on_vote);
    router.on_view_submission(std::string(suggestions::kFormCallback), on_form);
    router.on_shortcut(std::string(suggestions::kFromMessageCallback), on_message_shortcut);
}

}  // namespace ritualbot::bot
