#include "bot/interactions/playbook_interactions.hpp"

#include "bot/slack/payload_fields.hpp"
#include "commands/playbook/interactions.hpp"
#include "commands/render/ids.hpp"
#include "commands/render/modals.hpp"

namespace ritualbot::bot {
namespace {

namespace playbook = commands::playbook;
using nlohmann::json;
using slack::channel_of;
using slack::input_value;
using slack::permalink_of;
using slack::string_at;

slack::HandlerResult on_shortcut(const json& payload, commands::Context& context) {
    slack::HandlerResult result;
    result.effects = playbook::voice_from_message(
        {string_at(payload, "trigger_id"), channel_of(payload),
         string_at(payload, "/user/id"_json_pointer),
         string_at(payload, "/message/text"_json_pointer), permalink_of(payload)},
        context);
    return result;
}

slack::HandlerResult on_form(const json& payload, commands::Context& context) {
    const auto metadata = commands::render::read_voice_metadata(
        string_at(payload, "/view/private_metadata"_json_pointer));
    if (!metadata) return {};  // not ours to judge: close the modal
    playbook::VoiceForm form;
    form.channel = metadata->channel;
    form.permalink = metadata->permalink;
    form.user = string_at(payload, "/user/id"_json_pointer);
    form.procedure = input_value(payload, playbook::kVoiceProcedureBlock,
                                 playbook::kVoiceProcedureAction, {"selected_option", "value"});
    form.text = input_value(payload, playbook::kVoiceTextBlock, playbook::kVoiceTextAction,
                            {"value"});
    return slack::form_result(playbook::submit_voice(form, context));
}

}  // namespace

void register_playbook_interactions(slack::EventRouter& router) {
    router.on_shortcut(std::string(playbook::kVoiceShortcut), on_shortcut);
    router.on_view_submission(std::string(playbook::kVoiceCallback), on_form);
}

}  // namespace ritualbot::bot
