#pragma once

// The outbox: every message the bot will post, written in the same transaction as the state
// change that caused it (wrap enqueue() and that change in one storage::Transaction). The
// sender drains it one row per channel at a time, so messages in a channel keep their order,
// and records each attempt, so a crash loses nothing and posts nothing twice.
// Threading: like the Database it holds a reference to, one thread only.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/database.hpp"

namespace ritualbot::storage {

struct OutboxMessage {
    std::string channel;
    std::string method;           // Web API method, e.g. "chat.postMessage"
    std::string payload;          // JSON text of the method's arguments
    std::string idempotency_key;  // e.g. "captain:C123:2026-11-20"; a repeat is ignored
    // chat.update rows: the key of the post this edits. Enqueueing replaces any pending,
    // never-tried update of the same post, so a burst of edits collapses into the newest; the
    // newest takes the replaced row's place in line (its id), so an edit renewed on every click
    // is never pushed behind the rows queued since.
    std::string update_of{};
    // An update that follows another update of the same post (unfinished, or sent within
    // `settle_cap_ms`) waits `settle_ms` for a newer one, which replaces it and waits again,
    // but is due no later than `settle_cap_ms` after the first update it replaced was queued;
    // a lone update is due at once. A ballot clicked on without pause is edited every few
    // seconds, not on every click, and the workspace's budget is left for each ballot's last
    // edit.
    std::int64_t settle_ms = 0;
    std::int64_t settle_cap_ms = 0;
};

enum class OutboxState { pending, sending, sent, failed };
std::string_view to_string(OutboxState state);

struct OutboxRow {
    std::int64_t id = 0;
    std::string channel, method, payload, idempotency_key;
    OutboxState state = OutboxState::pending;
    int attempts = 0;
    std::int64_t next_attempt_at = 0;
    std::string posted_ts, last_error;  // empty when none
    std::int64_t created_at = 0;
    std::optional<std::int64_t> sent_at;
    std::string update_of;  // chat.update rows: the key of the post they edit
};

// Row ids that do not exist, or a transition from the wrong state (marking a pending row sent),
// are bugs in the caller and throw std::logic_error naming the row.
class Outbox {
public:
    explicit Outbox(Database& db) : db_(db) {}

    // False, changing nothing, when a row with this idempotency key exists already.
    bool enqueue(const OutboxMessage& message, std::int64_t now_ms);

    // Each channel's head, its oldest row still pending or sending, when that head is pending
    // and due (next_attempt_at <= now). A later row never overtakes an earlier unsent one.
    // Ordered by id, at most `limit`.
    std::vector<OutboxRow> due_heads(std::int64_t now_ms, std::size_t limit);

    void mark_sending(std::int64_t id);  // pending -> sending; attempts += 1
    // The sender's claim on a row it listed a moment ago (due_heads), re-checked: pending ->
    // sending, attempts += 1, and the row as it is now. nullopt, changing nothing, when the
    // row is gone or was changed since it was listed (a newer edit superseded it, another
    // instance claimed it): not an error, the caller skips it.
    std::optional<OutboxRow> claim(const OutboxRow& listed);
    void mark_sent(std::int64_t id, const std::string& ts, std::int64_t now_ms);  // from sending
    // sending -> pending, due again at next_attempt_at_ms; it stays its channel's head.
    void mark_retry(std::int64_t id, std::int64_t next_attempt_at_ms, const std::string& error);
    // pending or sending -> failed, for good; the channel's next row becomes head.
    void mark_failed(std::int64_t id, const std::string& error);

    // Every pending row of `channel` -> failed with `error` (the channel left the rituals, or
    // the bot is no longer in it); rows being sent are left to finish. Returns how many.
    std::size_t fail_pending(const std::string& channel, const std::string& error);

    // Rows left in 'sending' (a crash mid-post): posted or not, only Slack knows; the caller
    // decides (look for the message, then mark_sent, or mark_retry to post again).
    std::vector<OutboxRow> in_doubt();

    // The earliest next_attempt_at among pending channel heads, to sleep until; nullopt if none.
    std::optional<std::int64_t> next_due_at();

    std::size_t depth();  // rows pending or sending
    std::optional<std::int64_t> oldest_unsent_created_at();  // for the outbox-age metric

    std::optional<OutboxRow> find(std::int64_t id);
    std::optional<OutboxRow> find_by_key(const std::string& idempotency_key);

private:
    std::int64_t first_attempt_at(const OutboxMessage& message, std::int64_t now_ms);
    bool replace_pending_update(const OutboxMessage& message, std::int64_t now_ms);
    void require_updated(int changes, std::int64_t id, std::string_view action);

    Database& db_;
};

}  // namespace ritualbot::storage
