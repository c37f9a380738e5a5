#include "storage/tickets.hpp"

#include "storage/column_values.hpp"

#include <array>
#include <chrono>
#include <memory>
#include <stdexcept>
#include <string_view>

#include <SQLiteCpp/Exception.h>
#include <sqlite3.h>

namespace ritualbot::storage {
namespace {

// Column names in TicketField order; the statement binds parameters in this order after
// channel, id and created_at.
constexpr std::array<const char*, kTicketFieldCount> kFieldColumns = {
    "first_response_at", "resolved_at",    "request_type",
    "contact_channel",   "agent",          "reopens",
    "escalated",         "csat",           "recontact",
    "checklist_skipped", "manual_retries", "tags",
    "requester_hash",    "source",         "escalated_at",
    "deflected",         "repeat_info",    "policy_exception",
};

// "id, created_at" and the columns of `fields`, in TicketField order. The channel is never
// read: every query names it.
std::string select_columns(TicketFields fields) {
    std::string columns = "id, created_at";
    for (unsigned i = 0; i < kTicketFieldCount; ++i) {
        if ((fields & (1u << i)) != 0) columns.append(", ").append(kFieldColumns[i]);
    }
    return columns;
}

// Rows of select_columns(fields) read through the SQLite C API: the digest reads ~4,000 rows
// per window, and through SQLiteCpp's Column objects (a shared_ptr copy and checks per column)
// they cost a sixth of a digest (bench/README.md, issue 14). A field outside `fields` is not
// stepped (the digest's window skips two) and stays std::nullopt, and the row's `fields` says
// so, so the row can be upserted again without wiping what was not read.
class RowReader {
public:
    RowReader(Database& db, const std::string& where, const std::string& channel,
              TicketFields fields)
        : channel_(channel), fields_(fields) {
        const std::string sql = std::string("SELECT ")
                                    .append(select_columns(fields))
                                    .append(" FROM tickets WHERE channel = ?")
                                    .append(where);
        if (db.is_postgres()) {
            portable_.emplace(db.prepare(sql));
            portable_->bind(1, channel);
            return;
        }
        handle_ = db.sql().getHandle();
        sqlite3_stmt* raw = nullptr;
        if (const int rc = sqlite3_prepare_v2(handle_, sql.c_str(), -1, &raw, nullptr);
            rc != SQLITE_OK) {
            throw SQLite::Exception(handle_, rc);
        }
        statement_.reset(raw);
        bind(1, channel);
    }

    // The text stays the caller's until the reading is done.
    void bind(int index, const std::string& text) {
        if (portable_) return portable_->bind(index, text);
        sqlite3_bind_text(statement_.get(), index, text.data(), static_cast<int>(text.size()),
                          SQLITE_STATIC);
    }
    void bind(int index, std::int64_t value) {
        if (portable_) return portable_->bind(index, value);
        sqlite3_bind_int64(statement_.get(), index, value);
    }

    // The next row into `row`, a fresh TicketRow; false after the last. SQLite errors throw.
    bool next(TicketRow& row) {
        if (!step()) return false;
        row.channel = channel_;
        row.id = *text(0);
        row.created_at = *int64(1);
        row.fields = fields_;
        // Columns in TicketField order after id and created_at; −1 for a field not read.
        int next_column = 2;
        const auto column_of = [&](TicketField field) {
            return (fields_ & bit(field)) != 0 ? next_column++ : -1;
        };
        row.first_response_at = int64(column_of(TicketField::first_response_at));
        row.resolved_at = int64(column_of(TicketField::resolved_at));
        read_text(row.request_type, column_of(TicketField::request_type));
        read_text(row.contact_channel, column_of(TicketField::contact_channel));
        read_text(row.agent, column_of(TicketField::agent));
        row.reopens = int64(column_of(TicketField::reopens));
        row.escalated = flag(column_of(TicketField::escalated));
        if (const auto csat = int64(column_of(TicketField::csat))) row.csat = static_cast<int>(*csat);
        row.recontact = flag(column_of(TicketField::recontact));
        row.checklist_skipped = int64(column_of(TicketField::checklist_skipped));
        row.manual_retries = int64(column_of(TicketField::manual_retries));
        read_text(row.tags, column_of(TicketField::tags));
        row.requester_hash = int64(column_of(TicketField::requester_hash));
        read_text(row.source, column_of(TicketField::source));
        row.escalated_at = int64(column_of(TicketField::escalated_at));
        row.deflected = flag(column_of(TicketField::deflected));
        row.repeat_info = flag(column_of(TicketField::repeat_info));
        row.policy_exception = flag(column_of(TicketField::policy_exception));
        return true;
    }

private:
    // One sqlite3_column_value per column, then the value's own accessors: each
    // sqlite3_column_* call checks the statement and the column index again (a tenth of the
    // window's read, callgrind). Reading such an unprotected value is safe on a connection
    // only one thread uses (database.hpp).
    bool step() {
        if (portable_) return portable_->executeStep();
        const int rc = sqlite3_step(statement_.get());
        if (rc == SQLITE_DONE) return false;
        if (rc != SQLITE_ROW) throw SQLite::Exception(handle_, rc);
        return true;
    }
    sqlite3_value* column(int i) const { return sqlite3_column_value(statement_.get(), i); }
    std::optional<std::int64_t> int64(int i) {
        if (i < 0) return std::nullopt;
        if (portable_) return int64_or_null(portable_->getColumn(i));
        sqlite3_value* value = column(i);
        if (sqlite3_value_type(value) == SQLITE_NULL) return std::nullopt;
        return sqlite3_value_int64(value);
    }
    std::optional<bool> flag(int i) {
        const auto value = int64(i);
        if (!value) return std::nullopt;
        return *value != 0;
    }
    // Valid until the next step.
    std::optional<std::string_view> text(int i) {
        if (i < 0) return std::nullopt;
        if (portable_) {
            const Column value = portable_->getColumn(i);
            if (value.isNull()) return std::nullopt;
            text_ = value.getString();
            return text_;
        }
        sqlite3_value* value = column(i);
        const auto* chars = reinterpret_cast<const char*>(sqlite3_value_text(value));
        if (chars == nullptr) return std::nullopt;
        return std::string_view(chars, static_cast<std::size_t>(sqlite3_value_bytes(value)));
    }
    // Made in place: a temporary string moved in cost a copy per value.
    void read_text(std::optional<std::string>& field, int i) {
        if (const auto value = text(i)) field.emplace(*value);
    }

    sqlite3* handle_ = nullptr;
    std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> statement_{nullptr, sqlite3_finalize};
    std::optional<CachedStatement> portable_;  // PostgreSQL: through the common statement
    std::string text_;                         // PostgreSQL: the text text() points into
    const std::string& channel_;
    TicketFields fields_;
};

std::string upsert_sql(TicketFields fields) {
    std::string columns = "channel, id, created_at";
    std::string values = "?, ?, ?";
    std::string updates = "created_at = excluded.created_at, updated_at = excluded.updated_at";
    for (unsigned i = 0; i < kTicketFieldCount; ++i) {
        columns += std::string(", ") + kFieldColumns[i];
        values += ", ?";
        if ((fields & (1u << i)) != 0) {
            updates += std::string(", ") + kFieldColumns[i] + " = excluded." + kFieldColumns[i];
        }
    }
    return "INSERT INTO tickets (" + columns + ", updated_at) VALUES (" + values +
           ", ?) ON CONFLICT (channel, id) DO UPDATE SET " + updates;
}

}  // namespace

TicketWriter::TicketWriter(Database& db)
    : db_(db),
      now_ms_(std::chrono::duration_cast<std::chrono::milliseconds>(
                  std::chrono::system_clock::now().time_since_epoch())
                  .count()) {}

CachedStatement& TicketWriter::statement_for(TicketFields fields) {
    auto it = statements_.find(fields);
    if (it == statements_.end()) {
        it = statements_.try_emplace(fields, db_.prepare(upsert_sql(fields))).first;
    }
    return it->second;
}

void TicketWriter::upsert(const TicketRow& row) {
    CachedStatement& statement = statement_for(row.fields & kAllTicketFields);
    statement.reset();
    statement.bindNoCopy(1, row.channel);
    statement.bindNoCopy(2, row.id);
    statement.bind(3, row.created_at);
    // A column outside row.fields is inserted as NULL for a new ticket (unknown), and left as
    // it was for an existing one (the UPDATE clause does not name it).
    const auto known = [&](TicketField field) { return (row.fields & bit(field)) != 0; };
    const auto bind = [&](int index, TicketField field, const auto& value) {
        if (known(field)) {
            bind_optional(statement, index, value, TextBinding::no_copy);
        } else {
            statement.bind(index);
        }
    };
    bind(4, TicketField::first_response_at, row.first_response_at);
    bind(5, TicketField::resolved_at, row.resolved_at);
    bind(6, TicketField::request_type, row.request_type);
    bind(7, TicketField::contact_channel, row.contact_channel);
    bind(8, TicketField::agent, row.agent);
    bind(9, TicketField::reopens, row.reopens);
    bind(10, TicketField::escalated, row.escalated);
    bind(11, TicketField::csat, row.csat);
    bind(12, TicketField::recontact, row.recontact);
    bind(13, TicketField::checklist_skipped, row.checklist_skipped);
    bind(14, TicketField::manual_retries, row.manual_retries);
    bind(15, TicketField::tags, row.tags);
    bind(16, TicketField::requester_hash, row.requester_hash);
    bind(17, TicketField::source, row.source);
    bind(18, TicketField::escalated_at, row.escalated_at);
    bind(19, TicketField::deflected, row.deflected);
    bind(20, TicketField::repeat_info, row.repeat_info);
    bind(21, TicketField::policy_exception, row.policy_exception);
    statement.bind(22, now_ms_);
    statement.exec();
}

std::vector<TicketRow> Tickets::created_between(const std::string& channel, std::int64_t from_ms,
                                                std::int64_t to_ms, TicketFields fields) {
    RowReader query(db_, " AND created_at >= ? AND created_at < ? ORDER BY created_at, id", channel,
                    fields);
    query.bind(2, from_ms);
    query.bind(3, to_ms);
    std::vector<TicketRow> rows;
    // Each row is read in place; the last, empty one is the end.
    while (query.next(rows.emplace_back())) continue;
    rows.pop_back();
    return rows;
}

std::optional<TicketRow> Tickets::find(const std::string& channel, const std::string& id) {
    RowReader query(db_, " AND id = ?", channel, kAllTicketFields);
    query.bind(2, id);
    TicketRow row;
    if (!query.next(row)) return std::nullopt;
    return row;
}

bool Tickets::remove(const std::string& channel, const std::string& id) {
    CachedStatement statement = db_.prepare("DELETE FROM tickets WHERE channel = ? AND id = ?");
    statement->bind(1, channel);
    statement->bind(2, id);
    return statement->exec() > 0;
}

bool Tickets::mark_recontacted(const std::string& channel, const std::string& id) {
    CachedStatement statement =
        db_.prepare("UPDATE tickets SET recontact = 1 WHERE channel = ? AND id = ?");
    statement->bind(1, channel);
    statement->bind(2, id);
    return statement->exec() > 0;
}

bool Tickets::set_csat(const std::string& channel, const std::string& id, int csat) {
    CachedStatement statement =
        db_.prepare("UPDATE tickets SET csat = ? WHERE channel = ? AND id = ?");
    statement->bind(1, csat);
    statement->bind(2, channel);
    statement->bind(3, id);
    return statement->exec() > 0;
}

std::vector<std::string> Tickets::channels() {
    // One index seek per channel, whatever the planner's statistics say: without them
    // SELECT DISTINCT read every ticket, and the scheduler asks on every pass.
    std::vector<std::string> channels;
    {
        CachedStatement first = db_.prepare("SELECT channel FROM tickets ORDER BY channel LIMIT 1");
        if (!first->executeStep()) return channels;
        channels.push_back(first->getColumn(0).getString());
    }
    CachedStatement next =
        db_.prepare("SELECT channel FROM tickets WHERE channel > ? ORDER BY channel LIMIT 1");
    for (;;) {
        next->bind(1, channels.back());
        if (!next->executeStep()) break;
        std::string channel = next->getColumn(0).getString();
        next->reset();
        channels.push_back(std::move(channel));
    }
    return channels;
}

std::size_t Tickets::count(const std::string& channel) {
    CachedStatement query = db_.prepare("SELECT COUNT(*) FROM tickets WHERE channel = ?");
    query->bind(1, channel);
    query->executeStep();
    return static_cast<std::size_t>(query->getColumn(0).getInt64());
}

bool Tickets::any(const std::string& channel) {
    CachedStatement query = db_.prepare("SELECT 1 FROM tickets WHERE channel = ? LIMIT 1");
    query->bind(1, channel);
    return query->executeStep();
}

std::string Tickets::requester_key() {
    CachedStatement query = db_.prepare("SELECT key FROM ticket_hash_key WHERE id = 1");
    if (!query->executeStep()) {
        // Migration 3 inserts the row; its absence means the file was edited by hand.
        throw std::runtime_error("database " + db_.path() + " has no requester hash key");
    }
    return query->getColumn(0).getBlob();
}

}  // namespace ritualbot::storage
