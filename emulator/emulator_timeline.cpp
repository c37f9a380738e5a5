// What a person in the emulated workspace would see: the page's timeline of messages, updates,
// ephemerals, modals and clock moves, fed by the Web API calls the bot makes and by the acks
// it sends back; also the envelope builders that give each envelope its origin.

#include "emulator/emulator_state.hpp"

#include "emulator/block_limits.hpp"

namespace ritualbot::emulator {

using json = nlohmann::json;
using detail::arg_json;
using detail::arg_string;
using detail::error_body;

std::int64_t Emulator::State::now_ms() const {
    if (clock.now_ms) return clock.now_ms();
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string Emulator::State::resolve_channel(const std::string& channel) const {
    // chat.postMessage to a user id posts in the DM between that user and the app.
    if (const Person* person = workspace.person(channel)) return person->dm_channel;
    return channel;
}

std::string Emulator::State::new_trigger(const std::string& user) {
    std::string trigger = "1000.2000." + make_id();
    triggers_[trigger] = user;
    return trigger;
}

json Emulator::State::user_object(const std::string& user) const {
    const Person* person = workspace.person(user);
    const std::string handle = person ? person->handle : user;
    return {{"id", user},
            {"username", handle},
            {"name", handle},
            {"real_name", person ? person->name : handle},
            {"team_id", workspace.team_id}};
}

void Emulator::State::emit_locked(json event) {
    event["seq"] = static_cast<long long>(timeline.size()) + 1;
    if (!event.contains("at")) event["at"] = now_ms();
    timeline.push_back(std::move(event));
    if (on_timeline) on_timeline();
}

void Emulator::State::emit_message_locked(const json& message, const std::string& channel,
                                          const std::string& ephemeral_to) {
    json event = {{"type", "message"},
                  {"channel", channel},
                  {"ts", message.value("ts", "")},
                  {"user", message.value("user", "")},
                  {"text", message.value("text", "")}};
    if (message.contains("blocks")) event["blocks"] = message["blocks"];
    if (message.contains("files")) {
        // The page cannot send the bot token: it fetches a shared file from its own /ui/files/.
        event["files"] = json::array();
        for (const json& file : message["files"]) {
            event["files"].push_back({{"id", file.value("id", "")},
                                      {"title", file.value("title", "")},
                                      {"mimetype", file.value("mimetype", "")},
                                      {"alt", file.value("alt_txt", "")},
                                      {"url", std::string("/ui/files/").append(file.value("id", std::string()))}});
        }
    }
    if (message.contains("edited")) event["edited"] = true;
    if (message.contains("bot_id")) event["bot"] = true;
    if (!ephemeral_to.empty()) {
        event["ephemeral_to"] = ephemeral_to;
        ephemerals_[message.value("ts", "")] = event;
    }
    emit_locked(std::move(event));
}

json Emulator::State::slash_command_envelope(const std::string& command, const std::string& text,
                                             const std::string& channel, const std::string& user) {
    const std::string envelope_id = make_id();
    const Person* person = workspace.person(user);
    const Channel* in = workspace.channel(channel);
    json payload = {{"token", "fake-verification-token"},
                    {"team_id", workspace.team_id},
                    {"team_domain", "fakecrew"},
                    {"channel_id", channel},
                    {"channel_name", in ? in->name : (person ? "directmessage" : "crew")},
                    {"user_id", user},
                    {"user_name", person ? person->handle : "alice"},
                    {"command", command},
                    {"text", text},
                    {"api_app_id", kAppId},
                    {"is_enterprise_install", "false"},
                    {"response_url", "https://" + public_base() + "/response/" + envelope_id},
                    {"trigger_id", new_trigger(user)}};
    origins_[envelope_id] = {"command", user, channel, {}, false, {}};
    return {{"envelope_id", envelope_id},
            {"type", "slash_commands"},
            {"payload", std::move(payload)},
            {"accepts_response_payload", true}};
}

json Emulator::State::event_envelope(json inner_event, const std::string& event_id,
                                     int retry_attempt) {
    json payload = {
        {"token", "fake-verification-token"},
        {"team_id", workspace.team_id},
        {"api_app_id", kAppId},
        {"event", std::move(inner_event)},
        {"type", "event_callback"},
        {"event_id", event_id},
        {"event_time", now_ms() / 1000},
        {"authorizations",
         json::array(
             {{{"team_id", workspace.team_id}, {"user_id", kBotUserId}, {"is_bot", true}}})},
        {"is_ext_shared_channel", false},
        {"event_context", "4-fake-" + event_id}};
    return {{"type", "events_api"},
            {"payload", std::move(payload)},
            {"accepts_response_payload", false},
            {"retry_attempt", retry_attempt},
            {"retry_reason", retry_attempt > 0 ? "timeout" : ""}};
}

// Slash commands answer in their ack; view submissions answer with a response_action.
void Emulator::State::on_ack_locked(const Ack& ack) {
    const auto it = origins_.find(ack.envelope_id);
    if (it == origins_.end()) return;
    const Origin origin = it->second;
    const json& payload = ack.payload;
    if (origin.kind == "command") {
        if (!payload.is_object() || (!payload.contains("text") && !payload.contains("blocks")))
            return;  // a bare ack: the answer, if any, comes through the Web API
        json message = {{"type", "message"},
                        {"user", kBotUserId},
                        {"bot_id", "B0BOT"},
                        {"text", arg_string(payload, "text")},
                        {"ts", next_ts()}};
        if (payload.contains("blocks")) message["blocks"] = payload["blocks"];
        const bool in_channel = arg_string(payload, "response_type") == "in_channel";
        if (in_channel) channel_messages[origin.channel].push_back(message);
        emit_message_locked(message, origin.channel, in_channel ? "" : origin.user);
    } else if (origin.kind == "view_submission") {
        const std::string action = arg_string(payload, "response_action");
        if (action == "errors") {
            emit_locked({{"type", "view_errors"},
                         {"user", origin.user},
                         {"view_id", origin.view_id},
                         {"errors", payload.value("errors", json::object())}});
        } else if ((action == "update" || action == "push") && payload.contains("view")) {
            json view = payload["view"];
            const std::string id =
                action == "update" ? origin.view_id : "V0" + std::to_string(++view_counter_);
            view["id"] = id;
            views_[id] = view;
            view_users_[id] = origin.user;
            emit_locked({{"type", "view"}, {"user", origin.user}, {"view", view}});
        } else {
            views_.erase(origin.view_id);
            emit_locked(
                {{"type", "view_closed"}, {"user", origin.user}, {"view_id", origin.view_id}});
        }
    }
}

void Emulator::State::on_response_url_locked(const std::string& envelope_id, const json& args) {
    const auto it = origins_.find(envelope_id);
    if (it == origins_.end()) return;
    const Origin origin = it->second;
    const bool replace = arg_string(args, "replace_original") == "true";
    const bool remove = arg_string(args, "delete_original") == "true";
    if ((replace || remove) && !origin.message_ts.empty()) {
        if (remove) {
            emit_locked({{"type", "message_deleted"},
                         {"channel", origin.channel},
                         {"ts", origin.message_ts}});
            return;
        }
        json message = {{"type", "message"},       {"user", kBotUserId},
                        {"bot_id", "B0BOT"},       {"text", arg_string(args, "text")},
                        {"ts", origin.message_ts}, {"edited", true}};
        if (args.contains("blocks")) message["blocks"] = arg_json(args, "blocks");
        for (auto& stored : channel_messages[origin.channel]) {
            if (stored["ts"] == origin.message_ts) stored = message;
        }
        emit_message_locked(message, origin.channel, origin.ephemeral ? origin.user : "");
        return;
    }
    json message = {{"type", "message"},
                    {"user", kBotUserId},
                    {"bot_id", "B0BOT"},
                    {"text", arg_string(args, "text")},
                    {"ts", next_ts()}};
    if (args.contains("blocks")) message["blocks"] = arg_json(args, "blocks");
    const bool in_channel = arg_string(args, "response_type") == "in_channel";
    if (in_channel) channel_messages[origin.channel].push_back(message);
    emit_message_locked(message, origin.channel, in_channel ? "" : origin.user);
}

json Emulator::State::dispatch_views(const std::string& method, const json& args) {
    json view = arg_json(args, "view");
    if (method == "views.open" || method == "views.push") {
        const auto trigger = triggers_.find(arg_string(args, "trigger_id"));
        if (trigger == triggers_.end()) return error_body("invalid_trigger_id");
        if (!view.is_object()) return error_body("invalid_arguments");
        const std::string id = "V0" + std::to_string(++view_counter_);
        view["id"] = id;
        view["team_id"] = workspace.team_id;
        view["app_id"] = kAppId;
        view["bot_id"] = "B0BOT";
        view["state"] = {{"values", json::object()}};
        view["hash"] = std::to_string(view_counter_) + ".sandbox";
        views_[id] = view;
        view_users_[id] = trigger->second;
        emit_locked({{"type", "view"}, {"user", trigger->second}, {"view", view}});
        return {{"ok", true}, {"view", view}};
    }
    if (method == "views.update") {
        std::string id = arg_string(args, "view_id");
        if (id.empty()) {
            const std::string external = arg_string(args, "external_id");
            for (const auto& [view_id, stored] : views_)
                if (!external.empty() && stored.value("external_id", "") == external) id = view_id;
        }
        const auto stored = views_.find(id);
        if (stored == views_.end()) return error_body("not_found");
        if (!view.is_object()) return error_body("invalid_arguments");
        view["id"] = id;
        view["state"] = {{"values", json::object()}};
        stored->second = view;
        emit_locked({{"type", "view"}, {"user", view_users_[id]}, {"view", view}});
        return {{"ok", true}, {"view", view}};
    }
    if (method == "views.publish") {
        const std::string user = arg_string(args, "user_id");
        if (user.size() < 2 || (user.front() != 'U' && user.front() != 'W'))
            return error_body("user_not_found");
        if (!view.is_object() || view.value("type", "") != "home")
            return error_body("invalid_arguments");
        if (exceeds_block_limits(view.value("blocks", json::array()), kMaxViewBlocks))
            return error_body("invalid_blocks");
        view["id"] = "VH" + user;
        home_views_[user] = view;
        emit_locked({{"type", "home"}, {"user", user}, {"view", view}});
        return {{"ok", true}, {"view", view}};
    }
    return {{"ok", true}};
}

}  // namespace ritualbot::emulator
