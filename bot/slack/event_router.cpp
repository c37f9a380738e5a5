#include "bot/slack/event_router.hpp"

#include "bot/runtime/log.hpp"
#include "bot/runtime/wall_clock.hpp"
#include "bot/slack/outbox_writer.hpp"
#include "bot/slack/payload_fields.hpp"
#include "commands/clock.hpp"
#include "commands/command_table.hpp"
#include "commands/crew_placement.hpp"
#include "storage/database.hpp"
#include "storage/processed_events.hpp"

#include <chrono>
#include <exception>
#include <memory>
#include <utility>

namespace ritualbot::bot::slack {
namespace {

nlohmann::json slash_reply_payload(const commands::Reply& reply) {
    nlohmann::json payload = {
        {"response_type",
         reply.visibility == commands::Visibility::in_channel ? "in_channel" : "ephemeral"},
        {"text", reply.text}};
    if (reply.blocks.is_array()) payload["blocks"] = reply.blocks;
    return payload;
}

// Slack wants the ack within 3 s. A command or a click waits at most this long for another
// process's write lock; then it is answered "busy" (nothing changed) and acked in time.
constexpr std::chrono::milliseconds kWriteLockWait{2000};

const nlohmann::json kBusyReply = {
    {"response_type", "ephemeral"},
    {"text",
     "The database is busy (another program is writing to it), so nothing was changed. "
     "Please try again in a moment."}};

// The envelope's transaction, or nullptr when another process held the write lock for all of
// kWriteLockWait. Envelopes are handled one after another, so once one found the lock held,
// the next ones in that window wait only briefly (BriefLockWait, over one batch of an import):
// each full wait would add to every later ack.
std::unique_ptr<storage::Transaction> begin_within_ack(
    storage::Database& db, storage::Transaction::Lock lock,
    std::chrono::steady_clock::time_point& busy_seen) {
    const auto now = std::chrono::steady_clock::now();
    const bool lock_just_held = now - busy_seen < kWriteLockWait;
    db.set_lock_wait(lock_just_held ? storage::BriefLockWait::kWait : kWriteLockWait);
    std::unique_ptr<storage::Transaction> transaction;
    try {
        transaction = std::make_unique<storage::Transaction>(db, lock);
    } catch (const std::exception& e) {
        db.set_lock_wait(storage::Database::kBusyTimeout);
        if (!storage::is_busy(e)) throw;
        busy_seen = std::chrono::steady_clock::now();
        return nullptr;
    }
    db.set_lock_wait(storage::Database::kBusyTimeout);
    return transaction;
}

constexpr const char* kBusyFormError =
    "The database is busy (another program is writing to it), so nothing was saved. "
    "Submit again in a moment.";

// The block_id of the view's first input block (Slack shows `errors` only on input blocks),
// or an empty string.
std::string first_input_block(const nlohmann::json& payload) {
    const auto view = payload.find("view");
    if (view == payload.end() || !view->is_object()) return {};
    const auto blocks = view->find("blocks");
    if (blocks == view->end() || !blocks->is_array()) return {};
    for (const nlohmann::json& block : *blocks) {
        if (block.is_object() && string_at(block, "type") == "input") {
            return string_at(block, "block_id");
        }
    }
    return {};
}

// A view_submission ack that keeps the modal open, with what was typed, showing
// kBusyFormError on its first input block; a bare ack (the modal closes) only for a view
// without one.
nlohmann::json busy_form_errors(const nlohmann::json& payload) {
    const std::string block = first_input_block(payload);
    if (block.empty()) return nullptr;
    return {{"response_action", "errors"}, {"errors", {{block, kBusyFormError}}}};
}

// Slack may deliver a command or a click again (unacked in 3 s), to any instance sharing the
// database. Its key (a command's trigger_id; a click's channel, user and action_ts) goes into
// processed_events in the transaction of its state change, next to events' ids: the first
// delivery applies, a repeat is acked and changes nothing. Without a key there is nothing to
// recognise it by.
std::string dedup_key(const commands::Request& request) {
    return request.trigger_id.empty() ? std::string() : "command:" + request.trigger_id;
}

std::string dedup_key(const nlohmann::json& interactive) {
    const std::string click = string_at(interactive, "/actions/0/action_ts"_json_pointer);
    if (!click.empty()) {
        return std::string("click:")
            .append(channel_of(interactive))
            .append(":")
            .append(string_at(interactive, "/user/id"_json_pointer))
            .append(":")
            .append(click);
    }
    const std::string trigger = string_at(interactive, "trigger_id");
    return trigger.empty() ? std::string() : "interaction:" + trigger;
}

bool first_delivery(storage::Database& db, const std::string& key) {
    return key.empty() || storage::ProcessedEvents(db).record_if_new(key, wall_clock_ms());
}

void log_duplicate(const Envelope& envelope, const std::string& key) {
    log::info("envelope.duplicate", {{"key", key},
                                     {"envelope_id", envelope.envelope_id},
                                     {"retry_attempt", std::to_string(envelope.retry_attempt)},
                                     {"next", "acked; applied once already"}});
}

const nlohmann::json kWorkingReply = {
    {"response_type", "ephemeral"},
    {"text", "Working on it: that reads a lot of history. The answer follows in a moment."}};

const nlohmann::json kWorkerFullReply = {
    {"response_type", "ephemeral"},
    {"text", "The bot is busy with other long requests, so this one was not started. "
             "Please try again in a minute."}};

const nlohmann::json kFailureReply = {
    {"response_type", "ephemeral"},
    {"text", "Sorry, something went wrong on ritualbot's side and nothing was changed. "
             "Please try again; if it keeps failing, tell whoever runs the bot."}};

}  // namespace

EventRouter::EventRouter(storage::Database& db, const commands::CommandTable& commands,
                         const commands::Clock& clock, const commands::PeopleDirectory* people)
    : db_(db), commands_(commands), clock_(clock), people_(people) {}

void EventRouter::on_event(std::string event_type, EventHandler handler) {
    event_handlers_[std::move(event_type)] = std::move(handler);
}

void EventRouter::on_block_action(std::string action_id, InteractiveHandler handler) {
    block_action_handlers_[std::move(action_id)] = std::move(handler);
}

void EventRouter::on_view_submission(std::string callback_id, InteractiveHandler handler) {
    view_submission_handlers_[std::move(callback_id)] = std::move(handler);
}

void EventRouter::on_shortcut(std::string callback_id, InteractiveHandler handler) {
    shortcut_handlers_[std::move(callback_id)] = std::move(handler);
}

void EventRouter::on_slow_command(SlowCommandRunner runner) {
    slow_runner_ = std::move(runner);
}

nlohmann::json EventRouter::route(const Envelope& envelope, std::size_t* outbox_rows) {
    std::size_t added = 0;  // set only once the envelope's transaction committed
    if (outbox_rows) *outbox_rows = 0;
    try {
        nlohmann::json ack_payload;
        switch (envelope.type) {
            case EnvelopeType::slash_commands:
                ack_payload = route_slash_command(envelope, added);
                break;
            case EnvelopeType::events_api:
                ack_payload = route_event(envelope, added);
                break;
            case EnvelopeType::interactive:
                ack_payload = route_interactive(envelope, added);
                break;
            default:
                log::warn("envelope.unknown_type",
                          {{"type", envelope.type_name}, {"envelope_id", envelope.envelope_id}});
                return nullptr;
        }
        if (outbox_rows) *outbox_rows = added;
        return ack_payload;
    } catch (const std::exception& e) {
        // A bug or a broken database must not stop the bot: this envelope's transaction has
        // rolled back; ack it so Slack does not redeliver something that fails the same way.
        log::error("envelope.failed", {{"type", envelope.type_name},
                                       {"envelope_id", envelope.envelope_id},
                                       {"error", e.what()}});
        return envelope.type == EnvelopeType::slash_commands ? kFailureReply : nullptr;
    }
}

nlohmann::json EventRouter::route_slash_command(const Envelope& envelope,
                                                std::size_t& outbox_rows) {
    commands::Request request = envelope.command;
    log::info("command.received", {{"envelope_id", envelope.envelope_id},
                                   {"command", request.command},
                                   {"channel", request.channel_id},
                                   {"user", request.user_id}});
    commands::Resolution resolution = commands_.resolve(request);
    const std::string typed_in = request.channel_id;
    // Typed in a DM: it acts on the person's crew, or asks which one.
    if (auto ask = commands::place_in_crew(request, resolution, db_))
        return slash_reply_payload(*ask);
    const bool from_dm = request.channel_id != typed_in;
    if (slow_runner_ && resolution.slow()) {
        if (!from_dm) remember_channel(request);
        const bool queued = slow_runner_(request, envelope.envelope_id, from_dm);
        log::info("command.deferred", {{"envelope_id", envelope.envelope_id},
                                       {"queued", queued ? "yes" : "no, the worker is full"}});
        return queued ? kWorkingReply : kWorkerFullReply;
    }
    commands::Context context{&db_, clock_, people_};
    // A command that only reads takes no write lock, so it is answered while another
    // process writes.
    const bool read_only = resolution.read_only();
    const auto transaction = begin_within_ack(
        db_, read_only ? storage::Transaction::Lock::read : storage::Transaction::Lock::write,
        busy_seen_);
    if (!transaction) {
        log::warn("command.busy", {{"envelope_id", envelope.envelope_id},
                                   {"next", "answered busy; nothing changed"}});
        return kBusyReply;
    }
    if (!read_only && !first_delivery(db_, dedup_key(request))) {
        log_duplicate(envelope, dedup_key(request));
        return nullptr;
    }
    // Where the person last used the bot, noted in the command's transaction rather than in a
    // read transaction of its own (bench/README.md); a command that only reads looks it up
    // here and, when it changed, notes it after its commit.
    const bool note_after_commit =
        !from_dm && read_only && commands::channel_to_remember(db_, request);
    if (!from_dm && !read_only) commands::remember_channel(db_, request, clock_);
    commands::Reply reply = commands_.dispatch(std::move(resolution), request, context);
    if (from_dm) reply = commands::reply_from_dm(std::move(reply), request.channel_id);
    outbox_rows = enqueue_effects(db_, reply.effects, "cmd:" + envelope.envelope_id);
    transaction->commit();
    if (note_after_commit) remember_channel(request);
    return slash_reply_payload(reply);
}

void EventRouter::remember_channel(const commands::Request& request) {
    // Outside the command's transaction and never waiting: a lock held by another process
    // skips the note rather than delay the ack, and no failure here fails the command (it is
    // only a hint for later DMs).
    try {
        const storage::NoLockWait no_wait(db_);
        commands::remember_channel(db_, request, clock_);
    } catch (const std::exception& e) {
        const bool busy = storage::is_busy(e);
        log::write(
            busy ? log::Level::debug : log::Level::warn, "command.channel_not_noted",
            {{"user", request.user_id}, {"reason", busy ? "the database was locked" : e.what()}});
    }
}

nlohmann::json EventRouter::route_event(const Envelope& envelope, std::size_t& outbox_rows) {
    // Behind events still waiting for the lock, so that events apply in the order they came.
    if (!busy_events_.empty() ||
        !apply_event(envelope, outbox_rows, storage::BriefLockWait::kWait))
        keep_busy_event(envelope);
    return nullptr;
}

void EventRouter::keep_busy_event(const Envelope& envelope) {
    const std::string event_id = string_at(envelope.payload, "event_id");
    if (busy_events_.size() >= kMaxBusyEvents) {
        log::error("event.dropped", {{"event_id", event_id},
                                     {"envelope_id", envelope.envelope_id},
                                     {"reason", "too many events waiting for the database"}});
        return;
    }
    busy_events_.push_back({envelope, 0});
    log::warn("event.busy", {{"event_id", event_id},
                             {"envelope_id", envelope.envelope_id},
                             {"waiting", std::to_string(busy_events_.size())},
                             {"next", "acked; applied once the database lock is free"}});
}

std::size_t EventRouter::retry_busy_events(std::size_t* outbox_rows) {
    std::size_t added = 0;
    while (!busy_events_.empty()) {
        BusyEvent& next = busy_events_.front();
        const std::string event_id = string_at(next.envelope.payload, "event_id");
        std::size_t rows = 0;
        bool done = true;
        const bool brief = (next.attempts + 1) % kBriefRetryEvery == 0;
        try {
            done = apply_event(next.envelope, rows,
                               brief ? storage::BriefLockWait::kWait : std::chrono::milliseconds(0));
        } catch (const std::exception& e) {  // rolled back; dropped as route() drops it
            log::error("envelope.failed", {{"type", next.envelope.type_name},
                                           {"envelope_id", next.envelope.envelope_id},
                                           {"error", e.what()}});
        }
        if (!done && ++next.attempts < kMaxBusyEventAttempts) break;
        if (!done) {
            log::error("event.dropped",
                       {{"event_id", event_id},
                        {"envelope_id", next.envelope.envelope_id},
                        {"reason", std::string("the database stayed locked by another "
                                               "program for ")
                                       .append(std::to_string(kMaxBusyEventAttempts *
                                                              kBusyEventRetry.count() / 1000))
                                       .append(" s")}});
        }
        added += rows;
        busy_events_.pop_front();
    }
    if (outbox_rows) *outbox_rows = added;
    return busy_events_.size();
}

bool EventRouter::apply_event(const Envelope& envelope, std::size_t& outbox_rows,
                              std::chrono::milliseconds lock_wait) {
    const nlohmann::json& payload = envelope.payload;
    const std::string event_id = string_at(payload, "event_id");
    const auto event = payload.find("event");
    if (event == payload.end() || !event->is_object()) {
        log::warn("event.malformed", {{"envelope_id", envelope.envelope_id}});
        return true;
    }
    const std::string event_type = string_at(*event, "type");
    const auto handler = event_handlers_.find(event_type);

    // Never sleep long on the io thread: an event that still finds the lock held is retried.
    const storage::ScopedLockWait wait(db_, lock_wait);
    try {
        storage::Transaction transaction(db_);
        if (!event_id.empty() &&
            !storage::ProcessedEvents(db_).record_if_new(event_id, wall_clock_ms())) {
            log::info("event.duplicate",
                      {{"event_id", event_id},
                       {"retry_attempt", std::to_string(envelope.retry_attempt)},
                       {"retry_reason", envelope.retry_reason}});
            return true;
        }
        if (handler == event_handlers_.end()) {
            transaction.commit();
            log::debug("event.unhandled", {{"event_type", event_type}, {"event_id", event_id}});
            return true;
        }
        commands::Context context{&db_, clock_, people_};
        const HandlerResult result = handler->second(*event, context);
        const std::size_t rows = enqueue_effects(
            db_, result.effects, "event:" + (event_id.empty() ? envelope.envelope_id : event_id));
        transaction.commit();
        outbox_rows = rows;
    } catch (const std::exception& e) {
        if (!storage::is_busy(e)) throw;
        return false;
    }
    log::info("event.applied", {{"event_type", event_type}, {"event_id", event_id}});
    return true;
}

nlohmann::json EventRouter::route_interactive(const Envelope& envelope, std::size_t& outbox_rows) {
    const nlohmann::json& payload = envelope.payload;
    const std::string payload_type = string_at(payload, "type");
    const std::map<std::string, InteractiveHandler, std::less<>>* handlers = &shortcut_handlers_;
    std::string name = string_at(payload, "callback_id");
    if (payload_type == "block_actions") {
        handlers = &block_action_handlers_;
        const auto actions = payload.find("actions");
        name = actions != payload.end() && actions->is_array() && !actions->empty()
                   ? string_at(actions->front(), "action_id")
                   : std::string();
    } else if (payload_type == "view_submission") {
        handlers = &view_submission_handlers_;
        const auto view = payload.find("view");
        name = view != payload.end() && view->is_object() ? string_at(*view, "callback_id")
                                                          : std::string();
    }
    const auto handler = handlers->find(name);
    if (handler == handlers->end()) {
        log::debug("interactive.unhandled", {{"type", payload_type}, {"name", name}});
        return nullptr;
    }
    commands::Context context{&db_, clock_, people_};
    const auto transaction = begin_within_ack(db_, storage::Transaction::Lock::write, busy_seen_);
    if (!transaction) {
        // Acked in time and changing nothing: the person sees no change and clicks again; a
        // modal stays open with the error, keeping what was typed in it.
        log::warn("interactive.busy", {{"envelope_id", envelope.envelope_id},
                                       {"type", payload_type},
                                       {"next", "acked without applying it; nothing changed"}});
        return payload_type == "view_submission" ? busy_form_errors(payload) : nullptr;
    }
    if (const std::string key = dedup_key(payload); !first_delivery(db_, key)) {
        log_duplicate(envelope, key);
        return nullptr;
    }
    HandlerResult result = handler->second(envelope.payload, context);
    const Responder responder{string_at(payload, "/user/id"_json_pointer), channel_of(payload),
                              string_at(payload, "response_url")};
    outbox_rows =
        enqueue_effects(db_, result.effects, "interactive:" + envelope.envelope_id, responder);
    transaction->commit();
    return std::move(result.ack_payload);
}

}  // namespace ritualbot::bot::slack
