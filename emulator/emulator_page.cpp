// The sandbox page's requests: what a person does in the workspace (type a command or a
// message, click a button, submit or close a modal, move the clock) becomes the envelope Slack
// would send, with the same payload shapes (tests/fixtures/slack/ has real ones).

#include "emulator/emulator_state.hpp"

namespace ritualbot::emulator {
namespace {

using json = nlohmann::json;
using detail::arg_string;

PageAnswer json_answer(int status, const json& body) {
    return {status, "application/json; charset=utf-8", body.dump()};
}

PageAnswer bad_request(const std::string& error) {
    return json_answer(400, {{"ok", false}, {"error", error}});
}

std::string trim(const std::string& text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return {};
    return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

}  // namespace

Emulator::State::PageResult Emulator::State::handle_page(const std::string& verb,
                                                         const std::string& target,
                                                         const std::string& body) {
    PageResult result;
    const std::string path = target.substr(0, target.find('?'));
    {
        std::lock_guard lock(mutex);
        if (verb == "GET" && path == "/ui/workspace") {
            result.answer = page_workspace();
            return result;
        }
        if (verb == "GET" && path.rfind("/ui/files/", 0) == 0) {
            result.answer = page_file(path);
            return result;
        }
        if (verb != "POST") {
            result.answer = json_answer(405, {{"ok", false}, {"error", "method_not_allowed"}});
            return result;
        }
        const json request = json::parse(body, nullptr, false);
        if (!request.is_object()) {
            result.answer = bad_request("the body must be a JSON object");
        } else if (path == "/ui/clock") {
            result.answer = page_clock(request);
        } else if (!workspace.person(arg_string(request, "user"))) {
            result.answer = bad_request("unknown user");
        } else if (path == "/ui/send") {
            result.answer = page_send(request, result.envelopes);
        } else if (path == "/ui/action") {
            result.answer = page_action(request, result.envelopes);
        } else if (path == "/ui/shortcut") {
            result.answer = page_shortcut(request, result.envelopes);
        } else if (path == "/ui/submit") {
            result.answer = page_submit(request, result.envelopes);
        } else if (path == "/ui/close") {
            result.answer = page_close(request, result.envelopes);
        } else if (path == "/ui/home") {
            result.answer = page_home(request, result.envelopes);
        } else {
            result.answer = json_answer(404, {{"ok", false}, {"error", "not_found"}});
        }
    }
    changed.notify_all();
    return result;
}

PageAnswer Emulator::State::page_workspace() const {
    json people = json::array();
    for (const Person& p : workspace.people)
        people.push_back(
            {{"id", p.id}, {"name", p.name}, {"handle", p.handle}, {"dm", p.dm_channel}});
    json channels = json::array();
    for (const Channel& c : workspace.channels)
        channels.push_back({{"id", c.id}, {"name", c.name}});
    json shortcuts = json::array();
    for (const Shortcut& s : workspace.shortcuts)
        shortcuts.push_back({{"callback_id", s.callback_id}, {"name", s.name}});
    return json_answer(200, {{"ok", true},
                             {"team", workspace.team_name},
                             {"bot", {{"id", workspace.bot_user_id}, {"name", workspace.bot_name}}},
                             {"people", people},
                             {"channels", channels},
                             {"commands", workspace.commands},
                             {"shortcuts", shortcuts},
                             {"bot_connected", !open.empty()},
                             {"clock",
                              {{"now_ms", now_ms()},
                               {"zone", clock.zone ? clock.zone() : std::string("UTC")},
                               {"controllable", static_cast<bool>(clock.move)}}}});
}

PageAnswer Emulator::State::page_send(const json& request, Envelopes& out) {
    const std::string user = arg_string(request, "user");
    const std::string channel = arg_string(request, "channel");
    const std::string typed = trim(arg_string(request, "text"));
    const Person* person = workspace.person(user);
    const bool is_dm = person->dm_channel == channel;
    if (!is_dm && !workspace.channel(channel)) return bad_request("unknown channel");
    if (typed.empty()) return bad_request("nothing to send");

    if (typed[0] == '/') {
        const auto space = typed.find_first_of(" \t\n");
        const std::string command = typed.substr(0, space);
        const std::string rest = space == std::string::npos ? "" : trim(typed.substr(space));
        // The person sees what they ran; nobody else does (Slack never shows slash commands).
        json echo = {{"type", "message"},   {"channel", channel}, {"ts", next_ts()},
                     {"user", user},        {"text", typed},      {"command", true},
                     {"ephemeral_to", user}};
        emit_locked(std::move(echo));
        if (!workspace.has_command(command)) {
            emit_locked({{"type", "message"},
                         {"channel", channel},
                         {"ts", next_ts()},
                         {"user", "USLACKBOT"},
                         {"text", "`" + command +
                                      "` is not a valid command. In Slack, messages "
                                      "that start with / are commands."},
                         {"ephemeral_to", user}});
            return json_answer(200, {{"ok", true}, {"envelope_id", ""}});
        }
        if (open.empty()) {
            // What Slack says when the app's Socket Mode connection is down.
            emit_locked({{"type", "message"},
                         {"channel", channel},
                         {"ts", next_ts()},
                         {"user", "USLACKBOT"},
                         {"text", "`" + command + "` failed with the error \"dispatch_failed\": " +
                                      workspace.bot_name + " is not connected right now."},
                         {"ephemeral_to", user}});
            return json_answer(200, {{"ok", true}, {"envelope_id", ""}});
        }
        json envelope = slash_command_envelope(
            command, slack_text_from_typed(rest, workspace, true), channel, user);
        auto pushed = record_push_locked(std::move(envelope));
        out.push_back(pushed);
        return json_answer(200, {{"ok", true}, {"envelope_id", pushed.first}});
    }

    const std::string text = slack_text_from_typed(typed, workspace, false);
    const std::string ts = next_ts();
    const json message = {{"type", "message"},
                          {"user", user},
                          {"text", text},
                          {"ts", ts},
                          {"team", workspace.team_id}};
    channel_messages[channel].push_back(message);
    emit_message_locked(message, channel, {});
    json event = {{"type", "message"}, {"channel", channel}, {"user", user},
                  {"text", text},      {"ts", ts},           {"event_ts", ts}};
    std::string envelope_id;
    if (is_dm) {
        event["channel_type"] = "im";
    } else if (text.find("<@" + workspace.bot_user_id + ">") != std::string::npos) {
        event["type"] = "app_mention";
    } else {
        // The app subscribes to message.im only, so Slack sends nothing for this message.
        return json_answer(200, {{"ok", true}, {"ts", ts}});
    }
    auto pushed = record_push_locked(event_envelope(std::move(event), "Ev" + make_id()));
    out.push_back(pushed);
    return json_answer(200, {{"ok", true}, {"ts", ts}, {"envelope_id", pushed.first}});
}

// Sends a click's or a shortcut's payload (Slack takes no response payload in their acks).
PageAnswer Emulator::State::push_interactive_locked(const std::string& envelope_id, json payload,
                                                    Envelopes& out) {
    auto pushed = record_push_locked({{"envelope_id", envelope_id},
                                      {"type", "interactive"},
                                      {"payload", std::move(payload)},
                                      {"accepts_response_payload", false}});
    out.push_back(pushed);
    return json_answer(200, {{"ok", true}, {"envelope_id", pushed.first}});
}

PageAnswer Emulator::State::page_action(const json& request, Envelopes& out) {
    const std::string user = arg_string(request, "user");
    const json action_in = request.value("action", json::object());
    if (!action_in.is_object() || arg_string(action_in, "action_id").empty())
        return bad_request("an action needs an action_id");
    const std::string envelope_id = make_id();
    json action = action_in;
    action["action_ts"] = std::to_string(now_ms() / 1000) + ".000100";
    if (!action.contains("type")) action["type"] = "button";

    json payload = {{"type", "block_actions"},
                    {"user", user_object(user)},
                    {"api_app_id", kAppId},
                    {"token", "fake-verification-token"},
                    {"trigger_id", new_trigger(user)},
                    {"team", {{"id", workspace.team_id}, {"domain", "fakecrew"}}},
                    {"is_enterprise_install", false},
                    {"actions", json::array({action})},
                    {"state", {{"values", json::object()}}}};
    Origin origin{"block_actions", user, {}, {}, false, {}};
    if (const std::string view_id = arg_string(request, "view_id"); !view_id.empty()) {
        const auto view = views_.find(view_id);
        if (view == views_.end()) return bad_request("no such view");
        payload["container"] = {{"type", "view"}, {"view_id", view_id}};
        payload["view"] = view->second;
        origin.view_id = view_id;
    } else {
        const std::string channel = arg_string(request, "channel");
        const std::string ts = arg_string(request, "ts");
        const bool ephemeral = ephemerals_.count(ts) > 0;
        payload["container"] = {{"type", "message"},
                                {"message_ts", ts},
                                {"channel_id", channel},
                                {"is_ephemeral", ephemeral}};
        const Channel* known = workspace.channel(channel);
        payload["channel"] = {{"id", channel}, {"name", known ? known->name : "directmessage"}};
        if (!ephemeral) {
            for (const auto& stored : channel_messages[channel])
                if (stored.value("ts", "") == ts) payload["message"] = stored;
        }
        payload["response_url"] = "https://" + public_base() + "/response/" + envelope_id;
        origin.channel = channel;
        origin.message_ts = ts;
        origin.ephemeral = ephemeral;
    }
    origins_[envelope_id] = origin;
    return push_interactive_locked(envelope_id, std::move(payload), out);
}

// A message shortcut picked from a message's menu: {user, channel, ts, callback_id}.
PageAnswer Emulator::State::page_shortcut(const json& request, Envelopes& out) {
    const std::string user = arg_string(request, "user");
    const std::string channel = arg_string(request, "channel");
    const std::string ts = arg_string(request, "ts");
    const std::string callback_id = arg_string(request, "callback_id");
    if (callback_id.empty()) return bad_request("a shortcut needs a callback_id");
    const json* message = nullptr;
    for (const auto& stored : channel_messages[channel])
        if (stored.value("ts", "") == ts) message = &stored;
    if (message == nullptr) return bad_request("no such message");
    const std::string envelope_id = make_id();
    const Channel* known = workspace.channel(channel);
    json payload = {{"type", "message_action"},
                    {"callback_id", callback_id},
                    {"user", user_object(user)},
                    {"api_app_id", kAppId},
                    {"token", "fake-verification-token"},
                    {"trigger_id", new_trigger(user)},
                    {"action_ts", std::to_string(now_ms() / 1000) + ".000200"},
                    {"team", {{"id", workspace.team_id}, {"domain", "fakecrew"}}},
                    {"channel", {{"id", channel}, {"name", known ? known->name : "directmessage"}}},
                    {"message_ts", ts},
                    {"message", *message},
                    {"response_url", "https://" + public_base() + "/response/" + envelope_id},
                    {"is_enterprise_install", false}};
    origins_[envelope_id] = {"message_action", user, channel, ts, false, {}};
    return push_interactive_locked(envelope_id, std::move(payload), out);
}

PageAnswer Emulator::State::page_submit(const json& request, Envelopes& out) {
    const std::string user = arg_string(request, "user");
    const std::string view_id = arg_string(request, "view_id");
    const auto stored = views_.find(view_id);
    if (stored == views_.end() || view_users_[view_id] != user) return bad_request("no such view");
    json view = stored->second;
    const json values = request.value("values", json::object());
    view["state"] = {{"values", values.is_object() ? values : json::object()}};
    const std::string envelope_id = make_id();
    origins_[envelope_id] = {"view_submission", user, {}, {}, false, view_id};
    auto pushed =
        record_push_locked({{"envelope_id", envelope_id},
                            {"type", "interactive"},
                            {"payload",
                             {{"type", "view_submission"},
                              {"team", {{"id", workspace.team_id}, {"domain", "fakecrew"}}},
                              {"user", user_object(user)},
                              {"api_app_id", kAppId},
                              {"token", "fake-verification-token"},
                              {"trigger_id", new_trigger(user)},
                              {"view", std::move(view)},
                              {"response_urls", json::array()},
                              {"is_enterprise_install", false}}},
                            {"accepts_response_payload", true}});
    out.push_back(pushed);
    return json_answer(200, {{"ok", true}, {"envelope_id", pushed.first}});
}

PageAnswer Emulator::State::page_close(const json& request, Envelopes& out) {
    const std::string user = arg_string(request, "user");
    const std::string view_id = arg_string(request, "view_id");
    const auto stored = views_.find(view_id);
    if (stored == views_.end() || view_users_[view_id] != user) return bad_request("no such view");
    if (stored->second.value("notify_on_close", false)) {
        out.push_back(
            record_push_locked({{"type", "interactive"},
                                {"payload",
                                 {{"type", "view_closed"},
                                  {"team", {{"id", workspace.team_id}, {"domain", "fakecrew"}}},
                                  {"user", user_object(user)},
                                  {"api_app_id", kAppId},
                                  {"view", stored->second},
                                  {"is_cleared", false}}},
                                {"accepts_response_payload", false}}));
    }
    views_.erase(stored);
    emit_locked({{"type", "view_closed"}, {"user", user}, {"view_id", view_id}});
    return json_answer(200, {{"ok", true}});
}

// The person opened the app's Home tab: Slack sends app_home_opened (tab "home"); the view the
// app publishes comes back as a "home" event.
PageAnswer Emulator::State::page_home(const json& request, Envelopes& out) {
    const Person* person = workspace.person(arg_string(request, "user"));
    const std::string ts = next_ts();
    json event = {{"type", "app_home_opened"}, {"user", person->id},
                  {"channel", person->dm_channel}, {"tab", "home"},
                  {"event_ts", ts}};
    if (const auto home = home_views_.find(person->id); home != home_views_.end())
        event["view"] = home->second;
    const std::string event_id = std::string("Ev").append(make_id());
    auto pushed = record_push_locked(event_envelope(std::move(event), event_id));
    out.push_back(pushed);
    return json_answer(200, {{"ok", true}, {"envelope_id", pushed.first}});
}

PageAnswer Emulator::State::page_clock(const json& request) {
    if (!clock.move) return json_answer(404, {{"ok", false}, {"error", "no clock control"}});
    if (!clock.move(arg_string(request, "action"))) return bad_request("unknown clock action");
    emit_locked({{"type", "clock"}, {"now_ms", now_ms()}});
    return json_answer(200, {{"ok", true}, {"now_ms", now_ms()}});
}

}  // namespace ritualbot::emulator
