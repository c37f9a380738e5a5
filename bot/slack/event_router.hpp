#pragma once
// Turns Socket Mode envelopes into calls on the rituals and decides each ack's payload.
// Slash commands go to the command table; events_api and interactive payloads go to handlers
// registered by name. Every state change and the messages it causes (outbox rows) commit in
// one transaction before the ack is sent; a retried events_api envelope (same event_id) is
// acked but not applied again. Runs on the database side (bot/runtime/database_calls.hpp):
// inline on the io thread on SQLite, on the database thread on PostgreSQL, so its handlers
// touch no io-thread object (they post to it). route() never throws.
// The write lock held by another connection: a command or a click waits for it at most
// kWriteLockWait, then is answered busy (a modal stays open with the error, keeping what was
// typed); an event waits only briefly on the io thread (over one batch of an import), then
// is acked, kept, and applied by retry_busy_events() (the app calls it every kBusyEventRetry),
// in arrival order; those retries mostly do not wait at all (kBriefRetryEvery).

#include "bot/slack/envelope.hpp"
#include "commands/request.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstddef>
#include <deque>
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
    // Where slow commands (CommandTable::slow) run instead of here: the runner queues the work
    // (the app's worker) and answers later; it returns false when it refused it (queue full).
    // The ack then says "working on it", or "busy, try again". Unset: they run here.
    // `in_dm`: typed in a DM and placed on the person's crew, so the answer goes to their DM.
    using SlowCommandRunner = std::function<bool(const commands::Request& request,
                                                 const std::string& envelope_id, bool in_dm)>;
    void on_slow_command(SlowCommandRunner runner);

    // The ack payload for this envelope (null for a bare ack). When `outbox_rows` is given,
    // it receives how many outbox rows the envelope added (committed), so the caller wakes
    // the sender only when there is something to send.
    nlohmann::json route(const Envelope& envelope, std::size_t* outbox_rows = nullptr);

    // Tries the kept events again, oldest first, stopping at the first that still finds the
    // lock held; one tried kMaxBusyEventAttempts times is dropped with an error in the log.
    // `outbox_rows` as for route(). Returns how many events are still waiting.
    std::size_t retry_busy_events(std::size_t* outbox_rows = nullptr);
    std::size_t busy_events() const { return busy_events_.size(); }

    static constexpr std::chrono::milliseconds kBusyEventRetry{250};
    // A minute of retries: longer than any lock the bot's own work holds (batched imports,
    // backups) and than an operator's short manual transaction.
    static constexpr int kMaxBusyEventAttempts = 240;
    // A retry does not wait for the lock at all (the io thread acks every envelope), except
    // every kBriefRetryEvery-th, which waits briefly (storage::BriefLockWait), so an event
    // kept behind a long import gets in between two of its batches within a few seconds.
    static constexpr int kBriefRetryEvery = 16;
    // Beyond this many events waiting, a new one is dropped (logged) rather than kept.
    static constexpr std::size_t kMaxBusyEvents = 10'000;

private:
    struct BusyEvent {
        Envelope envelope;
        int attempts = 0;
    };

    // False when the write lock was held for all of `lock_wait`: nothing was applied.
    bool apply_event(const Envelope& envelope, std::size_t& outbox_rows,
                     std::chrono::milliseconds lock_wait);
    void keep_busy_event(const Envelope& envelope);

    nlohmann::json route_slash_command(const Envelope& envelope, std::size_t& outbox_rows);
    // Notes where the person last used the bot (a channel), best effort.
    void remember_channel(const commands::Request& request);
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
    std::deque<BusyEvent> busy_events_;
    SlowCommandRunner slow_runner_;  // events that found the write lock held, oldest first
};

}  // namespace ritualbot::bot::slack
