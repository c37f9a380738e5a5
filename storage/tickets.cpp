#include "storage/tickets.hpp"

#include <array>
#include <stdexcept>

namespace ritualbot::storage {
namespace {

// Column names in TicketField order; the statement binds parameters in this order after
// channel, id and created_at.
constexpr std::array<const char*, kTicketFieldCount> kFieldColumns = {
    "first_response_at", "resolved_at", "request_type",   "contact_channel", "agent",
    "reopens",           "escalated",   "csat",           "recontact",       "checklist_skipped",
    "manual_retries",    "tags",        "requester_hash", "source",
};

constexpr const char* kSelectColumns =
    "channel, id, created_at, first_response_at, resolved_at, request_type, contact_channel, "
    "agent, reopens, escalated, csat, recontact, checklist_skipped, manual_retries, tags, "
    "requester_hash, source";

template <class T>
void bind_optional(SQLite::Statement& statement, int index, const std::optional<T>& value) {
    if (!value) {
        statement.bind(index);  // NULL
    } else if constexpr (std::is_same_v<T, bool>) {
        statement.bind(index, *value ? 1 : 0);
    } else {
        statement.bind(index, *value);
    }
}

std::optional<std::int64_t> int64_or_null(const SQLite::Column& column) {
    if (column.isNull()) return std::nullopt;
    return column.getInt64();
}

std::optional<std::string> text_or_null(const SQLite::Column& column) {
    if (column.isNull()) return std::nullopt;
    return column.getString();
}

std::optional<bool> bool_or_null(const SQLite::Column& column) {
    if (column.isNull()) return std::nullopt;
    return column.getInt() != 0;
}

TicketRow read_row(SQLite::Statement& query) {
    TicketRow row;
    row.channel = query.getColumn(0).getString();
    row.id = query.getColumn(1).getString();
    row.created_at = query.getColumn(2).getInt64();
    row.first_response_at = int64_or_null(query.getColumn(3));
    row.resolved_at = int64_or_null(query.getColumn(4));
    row.request_type = text_or_null(query.getColumn(5));
    row.contact_channel = text_or_null(query.getColumn(6));
    row.agent = text_or_null(query.getColumn(7));
    row.reopens = int64_or_null(query.getColumn(8));
    row.escalated = bool_or_null(query.getColumn(9));
    if (!query.getColumn(10).isNull()) row.csat = query.getColumn(10).getInt();
    row.recontact = bool_or_null(query.getColumn(11));
    row.checklist_skipped = int64_or_null(query.getColumn(12));
    row.manual_retries = int64_or_null(query.getColumn(13));
    row.tags = text_or_null(query.getColumn(14));
    row.requester_hash = int64_or_null(query.getColumn(15));
    row.source = text_or_null(query.getColumn(16));
    return row;
}

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
      now_ms_(
          db.sql().execAndGet("SELECT CAST(strftime('%s', 'now') AS INTEGER) * 1000").getInt64()) {}

SQLite::Statement& TicketWriter::statement_for(TicketFields fields) {
    auto it = statements_.find(fields);
    if (it == statements_.end()) {
        it = statements_.try_emplace(fields, db_.sql(), upsert_sql(fields)).first;
    }
    return it->second;
}

void TicketWriter::upsert(const TicketRow& row) {
    SQLite::Statement& statement = statement_for(row.fields & kAllTicketFields);
    statement.reset();
    statement.bind(1, row.channel);
    statement.bind(2, row.id);
    statement.bind(3, row.created_at);
    // A column outside row.fields is inserted as NULL for a new ticket (unknown), and left as
    // it was for an existing one (the UPDATE clause does not name it).
    const auto known = [&](TicketField field) { return (row.fields & bit(field)) != 0; };
    const auto bind = [&](int index, TicketField field, const auto& value) {
        if (known(field)) {
            bind_optional(statement, index, value);
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
    statement.bind(18, now_ms_);
    statement.exec();
}

std::vector<TicketRow> Tickets::created_between(const std::string& channel, std::int64_t from_ms,
                                                std::int64_t to_ms) {
    SQLite::Statement query(db_.sql(), std::string("SELECT ") + kSelectColumns +
                                           " FROM tickets WHERE channel = ? AND created_at >= ? "
                                           "AND created_at < ? ORDER BY created_at, id");
    query.bind(1, channel);
    query.bind(2, from_ms);
    query.bind(3, to_ms);
    std::vector<TicketRow> rows;
    while (query.executeStep()) rows.push_back(read_row(query));
    return rows;
}

std::optional<TicketRow> Tickets::find(const std::string& channel, const std::string& id) {
    SQLite::Statement query(db_.sql(), std::string("SELECT ") + kSelectColumns +
                                           " FROM tickets WHERE channel = ? AND id = ?");
    query.bind(1, channel);
    query.bind(2, id);
    if (!query.executeStep()) return std::nullopt;
    return read_row(query);
}

std::vector<std::string> Tickets::channels() {
    CachedStatement query = db_.prepare("SELECT DISTINCT channel FROM tickets ORDER BY channel");
    std::vector<std::string> channels;
    while (query->executeStep()) channels.push_back(query->getColumn(0).getString());
    return channels;
}

std::size_t Tickets::count(const std::string& channel) {
    CachedStatement query = db_.prepare("SELECT COUNT(*) FROM tickets WHERE channel = ?");
    query->bind(1, channel);
    query->executeStep();
    return static_cast<std::size_t>(query->getColumn(0).getInt64());
}

std::string Tickets::requester_key() {
    CachedStatement query = db_.prepare("SELECT key FROM ticket_hash_key WHERE id = 1");
    if (!query->executeStep()) {
        // Migration 3 inserts the row; its absence means the file was edited by hand.
        throw std::runtime_error("database " + db_.path() + " has no requester hash key");
    }
    const SQLite::Column column = query->getColumn(0);
    return std::string(static_cast<const char*>(column.getBlob()),
                       static_cast<std::size_t>(column.getBytes()));
}

}  // namespace ritualbot::storage
