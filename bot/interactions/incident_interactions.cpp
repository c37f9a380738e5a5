#include "bot/interactions/incident_interactions.hpp"

#include <charconv>

#include "bot/slack/payload_fields.hpp"
#include "commands/incidents/interactions.hpp"
#include "commands/incidents/review_fields.hpp"
#include "commands/render/ids.hpp"
#include "commands/render/incident_modals.hpp"

namespace ritualbot::bot {
namespace {

namespace incidents = commands::incidents;
using nlohmann::json;
using slack::input_value;
using slack::string_at;

// A message ts ("1764583200.001200") as unix milliseconds; 0 when it is not one.
std::int64_t ms_of_ts(std::string_view ts) {
    std::int64_t seconds = 0;
    const auto [end, ec] = std::from_chars(ts.data(), ts.data() + ts.size(), seconds);
    if (ec != std::errc() || seconds < 0) return 0;
    std::int64_t ms = 0;
    const std::string_view fraction = ts.substr(end - ts.data());
    for (std::size_t i = 1; i <= 3; ++i) {
        const char digit = i < fraction.size() ? fraction[i] : '0';
        ms = ms * 10 + (digit >= '0' && digit <= '9' ? digit - '0' : 0);
    }
    return seconds * 1000 + ms;
}

slack::HandlerResult on_review_form(const json& payload, commands::Context& context) {
    const auto metadata = commands::render::read_review_metadata(
        string_at(payload, "/view/private_metadata"_json_pointer));
    if (!metadata) return {};  // not ours to judge: close the modal
    incidents::ReviewForm form{
        metadata->channel, metadata->incident_id, string_at(payload, "/user/id"_json_pointer), {}};
    for (const incidents::ReviewField& field : incidents::kReviewFields) {
        form.fields.*field.member =
            input_value(payload, field.block_id, incidents::kFieldAction, {"value"});
    }
    return slack::form_result(incidents::submit_review(form, context));
}

slack::HandlerResult on_shortcut(const json& payload, commands::Context& context) {
    slack::HandlerResult result;
    std::string ts = string_at(payload, "message_ts");
    if (ts.empty()) ts = string_at(payload, "/message/ts"_json_pointer);
    result.effects =
        incidents::note_from_message({string_at(payload, "trigger_id"), slack::channel_of(payload),
                                      string_at(payload, "/user/id"_json_pointer),
                                      string_at(payload, "/message/user"_json_pointer),
                                      string_at(payload, "/message/text"_json_pointer),
                                      slack::permalink_of(payload), ms_of_ts(ts)},
                                     context);
    return result;
}

slack::HandlerResult on_note_form(const json& payload, commands::Context& context) {
    const auto metadata = commands::render::read_note_metadata(
        string_at(payload, "/view/private_metadata"_json_pointer));
    if (!metadata) return {};
    incidents::NoteForm form{
        metadata->channel,
        metadata->permalink,
        metadata->author,
        metadata->said_at,
        string_at(payload, "/user/id"_json_pointer),
        input_value(payload, incidents::kNoteIncidentBlock, incidents::kNoteIncidentAction,
                    {"selected_option", "value"}),
        input_value(payload, incidents::kNoteTextBlock, incidents::kNoteTextAction, {"value"})};
    return slack::form_result(incidents::submit_note(form, context));
}

}  // namespace

void register_incident_interactions(slack::EventRouter& router) {
    router.on_view_submission(std::string(incidents::kReviewCallback), on_review_form);
    router.on_shortcut(std::string(incidents::kNoteShortcut), on_shortcut);
    router.on_view_submission(std::string(incidents::kNoteCallback), on_note_form);
}

}  // namespace ritualbot::bot
