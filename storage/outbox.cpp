#include "storage/outbox.hpp"

#include <stdexcept>

#include <SQLiteCpp/Statement.h>

namespace ritualbot::storage {
namespace {

constexpr const char* kColumns =
    "id, channel, method, payload, idempotency_key, state, attempts, next_attempt_at, "
    "posted_ts, last_error, created_at, sent_at, update_of";

// The oldest unfinished row of each channel. Finished rows (sent, failed) never block.
constexpr const char* kHeads =
    "SELECT MIN(id) FROM outbox WHERE state IN ('pending', 'sending') GROUP BY channel";

OutboxState parse_state(const std::string& text, std::int64_t id) {
    for (const OutboxState state :
         {OutboxState::pending, OutboxState::sending, OutboxState::sent, OutboxState::failed}) {
        if (text == to_string(state)) {
            return state;
        }
    }
    // The CHECK constraint makes this unreachable unless the file was edited by hand.
    throw std::runtime_error("outbox row " + std::to_string(id) + " has unknown state '" + text +
                             "'");
}

std::string text_or_empty(const Column& column) {
    return column.isNull() ? std::string{} : column.getString();
}

OutboxRow read_row(CachedStatement& query) {
    OutboxRow row;
    row.id = query.getColumn(0).getInt64();
    row.channel = query.getColumn(1).getString();
    row.method = query.getColumn(2).getString();
    row.payload = query.getColumn(3).getString();
    row.idempotency_key = query.getColumn(4).getString();
    row.state = parse_state(query.getColumn(5).getString(), row.id);
    row.attempts = query.getColumn(6).getInt();
    row.next_attempt_at = query.getColumn(7).getInt64();
    row.posted_ts = text_or_empty(query.getColumn(8));
    row.last_error = text_or_empty(query.getColumn(9));
    row.created_at = query.getColumn(10).getInt64();
    row.update_of = text_or_empty(query.getColumn(12));
    if (!query.getColumn(11).isNull()) {
        row.sent_at = query.getColumn(11).getInt64();
    }
    return row;
}

std::vector<OutboxRow> read_rows(CachedStatement& query) {
    std::vector<OutboxRow> rows;
    while (query.executeStep()) {
        rows.push_back(read_row(query));
    }
    return rows;
}

}  // namespace

std::string_view to_string(OutboxState state) {
    switch (state) {
        case OutboxState::pending:
            return "pending";
        case OutboxState::sending:
            return "sending";
        case OutboxState::sent:
            return "sent";
        case OutboxState::failed:
            return "failed";
    }
    return "unknown";
}

bool Outbox::enqueue(const OutboxMessage& message, std::int64_t now_ms) {
    if (!message.update_of.empty() && replace_pending_update(message, now_ms)) return true;
    CachedStatement insert = db_.prepare(
        "INSERT INTO outbox (channel, method, payload, idempotency_key, "
        "state, next_attempt_at, created_at, update_of) "
        "VALUES (?, ?, ?, ?, 'pending', ?, ?, ?) "
        "ON CONFLICT (idempotency_key) DO NOTHING");
    insert->bind(1, message.channel);
    insert->bind(2, message.method);
    insert->bind(3, message.payload);
    insert->bind(4, message.idempotency_key);
    insert->bind(5, first_attempt_at(message, now_ms));
    insert->bind(6, now_ms);
    if (!message.update_of.empty()) insert->bind(7, message.update_of);  // else NULL
    return insert->exec() == 1;
}

std::int64_t Outbox::first_attempt_at(const OutboxMessage& message, std::int64_t now_ms) {
    if (message.update_of.empty() || message.settle_ms == 0) return now_ms;
    // A lone edit goes at once; one that follows an edit of the same post still unfinished or
    // sent within the cap is part of a burst and waits to settle like a replacing one.
    CachedStatement recent = db_.prepare(
        "SELECT 1 FROM outbox WHERE update_of = ? "
        "AND (state IN ('pending', 'sending') OR sent_at >= ?) LIMIT 1");
    bind(*recent, message.update_of, now_ms - message.settle_cap_ms);
    return recent->executeStep() ? now_ms + message.settle_ms : now_ms;
}

bool Outbox::replace_pending_update(const OutboxMessage& message, std::int64_t now_ms) {
    // At most one update of a post is pending and untried (each enqueue replaces it). A row
    // with this key already (a redelivered event) is left alone: the insert then ignores it.
    // The row's created_at is when the first of the updates it holds was queued.
    CachedStatement replace = db_.prepare(
        "UPDATE outbox SET channel = ?, method = ?, payload = ?, idempotency_key = ?, "
        "next_attempt_at = CASE WHEN created_at + ? < ? THEN created_at + ? ELSE ? END "
        "WHERE update_of = ? AND state = 'pending' AND attempts = 0 "
        "AND NOT EXISTS (SELECT 1 FROM outbox WHERE idempotency_key = ?)");
    const std::int64_t settled_at = now_ms + message.settle_ms;
    bind(*replace, message.channel, message.method, message.payload, message.idempotency_key,
         message.settle_cap_ms, settled_at, message.settle_cap_ms, settled_at, message.update_of,
         message.idempotency_key);
    return replace->exec() > 0;
}

std::vector<OutboxRow> Outbox::due_heads(std::int64_t now_ms, std::size_t limit) {
    CachedStatement query =
        db_.prepare(std::string{"SELECT "} + kColumns + " FROM outbox WHERE id IN (" + kHeads +
                    ") AND state = 'pending' AND next_attempt_at <= ? "
                    "ORDER BY id LIMIT ?");
    query->bind(1, now_ms);
    query->bind(2, static_cast<std::int64_t>(limit));
    return read_rows(*query);
}

void Outbox::mark_sending(std::int64_t id) {
    CachedStatement update = db_.prepare(
        "UPDATE outbox SET state = 'sending', "
        "attempts = attempts + 1 "
        "WHERE id = ? AND state = 'pending'");
    update->bind(1, id);
    require_updated(update->exec(), id, "mark sending (needs pending)");
}

std::optional<OutboxRow> Outbox::claim(const OutboxRow& listed) {
    CachedStatement update = db_.prepare(
        "UPDATE outbox SET state = 'sending', attempts = attempts + 1 "
        "WHERE id = ? AND state = 'pending' AND attempts = ?");
    update->bind(1, listed.id);
    update->bind(2, listed.attempts);
    if (update->exec() != 1) return std::nullopt;
    return find(listed.id);
}

void Outbox::mark_sent(std::int64_t id, const std::string& ts, std::int64_t now_ms) {
    CachedStatement update = db_.prepare(
        "UPDATE outbox SET state = 'sent', posted_ts = ?, "
        "sent_at = ? WHERE id = ? AND state = 'sending'");
    update->bind(1, ts);
    update->bind(2, now_ms);
    update->bind(3, id);
    require_updated(update->exec(), id, "mark sent (needs sending)");
}

void Outbox::mark_retry(std::int64_t id, std::int64_t next_attempt_at_ms,
                        const std::string& error) {
    CachedStatement update = db_.prepare(
        "UPDATE outbox SET state = 'pending', "
        "next_attempt_at = ?, last_error = ? "
        "WHERE id = ? AND state = 'sending'");
    update->bind(1, next_attempt_at_ms);
    update->bind(2, error);
    update->bind(3, id);
    require_updated(update->exec(), id, "mark for retry (needs sending)");
}

void Outbox::mark_failed(std::int64_t id, const std::string& error) {
    CachedStatement update = db_.prepare(
        "UPDATE outbox SET state = 'failed', last_error = ? "
        "WHERE id = ? AND state IN ('pending', 'sending')");
    update->bind(1, error);
    update->bind(2, id);
    require_updated(update->exec(), id, "mark failed (needs pending or sending)");
}

std::size_t Outbox::fail_pending(const std::string& channel, const std::string& error) {
    CachedStatement update = db_.prepare(
        "UPDATE outbox SET state = 'failed', last_error = ? WHERE channel = ? AND state = "
        "'pending'");
    update->bind(1, error);
    update->bind(2, channel);
    return static_cast<std::size_t>(update->exec());
}

std::vector<OutboxRow> Outbox::in_doubt() {
    CachedStatement query = db_.prepare(std::string{"SELECT "} + kColumns +
                                        " FROM outbox WHERE state = 'sending' ORDER BY id");
    return read_rows(*query);
}

std::optional<std::int64_t> Outbox::next_due_at() {
    CachedStatement query = db_.prepare(std::string{"SELECT MIN(next_attempt_at) FROM outbox "
                                                    "WHERE id IN ("} +
                                        kHeads + ") AND state = 'pending'");
    query->executeStep();
    if (query->getColumn(0).isNull()) {
        return std::nullopt;
    }
    return query->getColumn(0).getInt64();
}

std::size_t Outbox::depth() {
    CachedStatement query =
        db_.prepare("SELECT COUNT(*) FROM outbox WHERE state IN ('pending', 'sending')");
    query->executeStep();
    return static_cast<std::size_t>(query->getColumn(0).getInt64());
}

std::optional<std::int64_t> Outbox::oldest_unsent_created_at() {
    CachedStatement query =
        db_.prepare("SELECT MIN(created_at) FROM outbox WHERE state IN ('pending', 'sending')");
    query->executeStep();
    if (query->getColumn(0).isNull()) return std::nullopt;
    return query->getColumn(0).getInt64();
}

std::optional<OutboxRow> Outbox::find(std::int64_t id) {
    CachedStatement query =
        db_.prepare(std::string{"SELECT "} + kColumns + " FROM outbox WHERE id = ?");
    query->bind(1, id);
    if (!query->executeStep()) {
        return std::nullopt;
    }
    return read_row(*query);
}

std::optional<OutboxRow> Outbox::find_by_key(const std::string& idempotency_key) {
    CachedStatement query =
        db_.prepare(std::string{"SELECT "} + kColumns + " FROM outbox WHERE idempotency_key = ?");
    query->bind(1, idempotency_key);
    if (!query->executeStep()) {
        return std::nullopt;
    }
    return read_row(*query);
}

void Outbox::require_updated(int changes, std::int64_t id, std::string_view action) {
    if (changes == 1) {
        return;
    }
    const auto row = find(id);
    const std::string found =
        row ? "it is " + std::string{to_string(row->state)} : std::string{"it does not exist"};
    throw std::logic_error("outbox row " + std::to_string(id) + ": cannot " + std::string{action} +
                           "; " + found);
}

}  // namespace ritualbot::storage
