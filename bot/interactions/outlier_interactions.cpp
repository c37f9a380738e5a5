#include "bot/interactions/outlier_interactions.hpp"

#include "bot/slack/event_router.hpp"
#include "bot/slack/payload_fields.hpp"
#include "commands/command_table.hpp"
#include "commands/tokenizer.hpp"

namespace ritualbot::bot {
namespace {

constexpr const char* kAckAction = "outliers_ack";       // the button in digest_to_blocks
constexpr const char* kAckModal = "outliers_ack_modal";  // the modal's callback_id
constexpr std::size_t kMaxCause = 500;

using slack::channel_of;
using slack::string_at;

nlohmann::json ack_modal(const std::string& channel, const std::string& outlier_id) {
    return {
        {"type", "modal"},
        {"callback_id", kAckModal},
        {"private_metadata", nlohmann::json{{"channel", channel}, {"outlier", outlier_id}}.dump()},
        {"title", {{"type", "plain_text"}, {"text", "Investigate outlier"}}},
        {"submit", {{"type", "plain_text"}, {"text", "Record"}}},
        {"close", {{"type", "plain_text"}, {"text", "Cancel"}}},
        {"blocks",
         {{{"type", "section"},
           {"text", {{"type", "mrkdwn"}, {"text", "Outlier `" + outlier_id + "`"}}}},
          {{"type", "input"},
           {"block_id", "owner"},
           {"label", {{"type", "plain_text"}, {"text", "Owner"}}},
           {"element", {{"type", "users_select"}, {"action_id", "owner"}}}},
          {{"type", "input"},
           {"block_id", "cause"},
           {"label", {{"type", "plain_text"}, {"text", "Root cause"}}},
           {"element",
            {{"type", "plain_text_input"},
             {"action_id", "cause"},
             {"multiline", true},
             {"max_length", kMaxCause}}}}}}};
}

slack::HandlerResult open_ack_modal(const nlohmann::json& payload, commands::Context&) {
    slack::HandlerResult result;
    const std::string trigger = payload.value("trigger_id", "");
    const std::string channel = channel_of(payload);
    const std::string outlier = string_at(payload, "/actions/0/value"_json_pointer);
    if (!trigger.empty() && !channel.empty() && !outlier.empty()) {
        result.effects.modals.push_back({trigger, ack_modal(channel, outlier)});
    }
    return result;
}

slack::HandlerResult submit_ack(const commands::CommandTable& table, const nlohmann::json& payload,
                                commands::Context& context) {
    const nlohmann::json metadata = nlohmann::json::parse(
        string_at(payload, "/view/private_metadata"_json_pointer), nullptr, false);
    const nlohmann::json& values = payload.value("/view/state/values"_json_pointer, nlohmann::json::object());
    const std::string owner = values.value("/owner/owner/selected_user"_json_pointer, std::string());
    const std::string cause = values.value("/cause/cause/value"_json_pointer, std::string());
    slack::HandlerResult result;
    if (!metadata.is_object()) return result;  // not ours to judge: close the modal
    if (owner.empty() || cause.find_first_not_of(" \n\t") == std::string::npos) {
        result.ack_payload = {{"response_action", "errors"},
                              {"errors", owner.empty() ? nlohmann::json{{"owner", "Pick who owns it"}}
                                                       : nlohmann::json{{"cause", "Say what caused it"}}}};
        return result;
    }
    const commands::Request request{"/outliers",
                                    "ack " + metadata.value("outlier", "") + " owner <@" + owner +
                                        "> cause " + commands::escape_mrkdwn(cause),
                                    metadata.value("channel", ""),
                                    string_at(payload, "/user/id"_json_pointer),
                                    string_at(payload, "/team/id"_json_pointer)};
    commands::Reply reply = table.dispatch(request, context);
    // `/outliers ack` answers the channel when it recorded the investigation, and privately
    // (with what was wrong) when it did not.
    if (reply.visibility == commands::Visibility::in_channel) {
        result.effects = std::move(reply.effects);
        result.effects.posts.push_back({request.channel_id, reply.text});
    } else {
        const std::string first_line = reply.text.substr(0, reply.text.find('\n'));
        result.ack_payload = {{"response_action", "errors"}, {"errors", {{"cause", first_line}}}};
    }
    return result;
}

}  // namespace

void register_outlier_interactions(slack::EventRouter& router,
                                   const commands::CommandTable& commands) {
    router.on_block_action(kAckAction, open_ack_modal);
    router.on_view_submission(kAckModal, [&commands](const nlohmann::json& payload,
                                                     commands::Context& context) {
        return submit_ack(commands, payload, context);
    });
}

}  // namespace ritualbot::bot
