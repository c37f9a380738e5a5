#pragma once
// Turns Socket Mode envelopes into calls on the rituals and decides each ack's payload.
// Slash commands go to the command table; events_api and interactive payloads go to handlers
// registered by name. Every state change and the messages it causes (outbox rows) commit in
// one transaction before the ack is sent; a retried events_api envelope (same event_id) is
// acked but not applied again. Runs on the io thread; route() never throws.

#include "bot/slack/envelope.hpp"
#include "commands/request.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace ritualbot::storage {
class Database;
}
namespace ritualbot::commands {
class Clock;
class CommandTable;
class PeopleDirectory;
struct Context;
}  // namespace ritualbot::commands

namespace ritualbot::bot::slack {

// What a handler decided: messages to post (through the outbox) and, for interactive
// payloads that take one (view_submission errors), the ack payload.
struct HandlerResult {
    commands::Effects effects;
    nlohmann::json ack_payload;  // null: bare ack
};

using EventHandler = std::function<HandlerResult(const nlohmann::json& event, commands::Context&)>;
using InteractiveHandler =
    std::function<HandlerResult(const nlohmann::json& payload, commands::Context&)>;

class EventRouter {
public:
    // `people` answers who is an admin (bot/ looks up what a command needs before routing it);
    // without it nobody is known to be one.
    EventRouter(storage::Database& db, const commands::CommandTable& commands,
                const commands::Clock& clock, const commands::PeopleDirectory* people = nullptr);

    void on_event(std::string event_type, EventHandler handler);  // "app_mention", "message", …
    // Interactive payloads are routed by what they are about: block_actions by the first
    // action's action_id, view_submission by the view's callback_id, any other type
    // (shortcut, message_action, …) by its callback_id too.
    void on_block_action(std::string action_id, InteractiveHandler handler);
    void on_view_submission(std::string callback_id, InteractiveHandler handler);
    void on_shortcut(std::string callback_id, InteractiveHandler handler);

    // The ack payload for this envelope (null for a bare ack). When `outbox_rows` is given,
    // it receives how many outbox rows the envelope added (committed), so the caller wakes
    // the sender only when there is something to send.
    nlohmann::json route(const Envelope& envelope, std::size_t* outbox_rows = nullptr);

private:
    nlohmann::json route_slash_command(const Envelope& envelope, std::size_t& outbox_rows);
    nlohmann::json route_event(const Envelope& envelope, std::size_t& outbox_rows);
    nlohmann::json route_interactive(const Envelope& envelope, std::size_t& outbox_rows);

    storage::Database& db_;
    const commands::CommandTable& commands_;
    const commands::Clock& clock_;
    const commands::PeopleDirectory* people_;
    std::map<std::string, EventHandler, std::less<>> event_handlers_;
    std::map<std::string, InteractiveHandler, std::less<>> block_action_handlers_;
    std::map<std::string, InteractiveHandler, std::less<>> view_submission_handlers_;
    std::map<std::string, InteractiveHandler, std::less<>> shortcut_handlers_;
    // When a command or click last found another process holding the write lock.
    std::chrono::steady_clock::time_point busy_seen_{};
};

// A slash-command payload as a domain request.
commands::Request request_from_slash_command(const nlohmann::json& payload);

}  // namespace ritualbot::bot::slack
