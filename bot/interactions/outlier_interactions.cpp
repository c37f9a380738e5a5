#include "bot/interactions/outlier_interactions.hpp"

#include "bot/slack/payload_fields.hpp"
#include "commands/outliers/chart_share.hpp"
#include "commands/outliers/interactions.hpp"
#include "commands/render/ids.hpp"
#include "commands/render/modals.hpp"

namespace ritualbot::bot {
namespace {

namespace outliers = commands::outliers;
using nlohmann::json;
using slack::channel_of;
using slack::input_value;
using slack::string_at;

slack::HandlerResult on_button(const json& payload, commands::Context& context) {
    slack::HandlerResult result;
    result.effects =
        outliers::investigate_click({string_at(payload, "trigger_id"), channel_of(payload),
                                     string_at(payload, "/actions/0/value"_json_pointer)},
                                    context);
    return result;
}

slack::HandlerResult on_share_chart(const json& payload, commands::Context& context) {
    slack::HandlerResult result;
    result.effects = outliers::share_chart_click(
        {channel_of(payload), string_at(payload, "/user/id"_json_pointer),
         string_at(payload, "/actions/0/value"_json_pointer),
         string_at(payload, "/actions/0/action_ts"_json_pointer)},
        context);
    return result;
}

slack::HandlerResult on_form(const json& payload, commands::Context& context) {
    const auto metadata = commands::render::read_investigation_metadata(
        string_at(payload, "/view/private_metadata"_json_pointer));
    if (!metadata) return {};  // not ours to judge: close the modal
    outliers::InvestigationForm form;
    form.channel = metadata->channel;
    form.outlier_id = metadata->outlier_id;
    form.user = string_at(payload, "/user/id"_json_pointer);
    form.owner = input_value(payload, outliers::kOwnerBlock, outliers::kOwnerAction,
                             {"selected_user"});
    form.cause = input_value(payload, outliers::kCauseBlock, outliers::kCauseAction, {"value"});
    form.procedure = input_value(payload, outliers::kProcedureBlock, outliers::kProcedureAction,
                                 {"selected_option", "value"});
    return slack::form_result(outliers::submit_investigation(form, context));
}

}  // namespace

void register_outlier_interactions(slack::EventRouter& router) {
    router.on_block_action(std::string(outliers::kInvestigateAction), on_button);
    router.on_block_action(std::string(outliers::kShareChartAction), on_share_chart);
    router.on_view_submission(std::string(outliers::kInvestigateCallback), on_form);
}

}  // namespace ritualbot::bot
