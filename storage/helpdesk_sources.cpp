#include "storage/helpdesk_sources.hpp"

#include <SQLiteCpp/Statement.h>

#include "storage/column_values.hpp"

namespace ritualbot::storage {
namespace {

constexpr const char* kColumns =
    "channel, kind, base_url, request_type_rule, spacing_ms, cursor, csat_cursor, backfill_from, "
    "backfill_done_at, backfill_tickets, tickets_seen, last_success_at, last_error, next_poll_at, "
    "added_by, added_at";

HelpdeskSource read_source(CachedStatement& query) {
    HelpdeskSource source;
    source.channel = query.getColumn(0).getString();
    source.kind = query.getColumn(1).getString();
    source.base_url = query.getColumn(2).getString();
    source.request_type_rule = query.getColumn(3).getString();
    source.spacing_ms = int64_or_null(query.getColumn(4));
    source.cursor = text_or_null(query.getColumn(5));
    source.csat_cursor = text_or_null(query.getColumn(6));
    source.backfill_from = query.getColumn(7).getInt64();
    source.backfill_done_at = int64_or_null(query.getColumn(8));
    source.backfill_tickets = query.getColumn(9).getInt64();
    source.tickets_seen = query.getColumn(10).getInt64();
    source.last_success_at = int64_or_null(query.getColumn(11));
    source.last_error = query.getColumn(12).getString();
    source.next_poll_at = query.getColumn(13).getInt64();
    source.added_by = query.getColumn(14).getString();
    source.added_at = query.getColumn(15).getInt64();
    return source;
}

}  // namespace

std::vector<HelpdeskSource> HelpdeskSources::select(
    const std::string& where, const std::function<void(CachedStatement&)>& bind) {
    CachedStatement query = db_.prepare(
        std::string("SELECT ").append(kColumns).append(" FROM helpdesk_sources ") + where);
    bind(query);
    std::vector<HelpdeskSource> sources;
    while (query.executeStep()) sources.push_back(read_source(query));
    return sources;
}

template <class T>
bool HelpdeskSources::set_column(const std::string& channel, const std::string& kind,
                                 const char* column, const std::optional<T>& value) {
    CachedStatement statement = db_.prepare(std::string("UPDATE helpdesk_sources SET ")
                                                .append(column)
                                                .append(" = ? WHERE channel = ? AND kind = ?"));
    bind_optional(statement, 1, value);
    statement.bind(2, channel);
    statement.bind(3, kind);
    return statement.exec() > 0;
}

void HelpdeskSources::add(const HelpdeskSource& source) {
    CachedStatement upsert = db_.prepare(
        "INSERT INTO helpdesk_sources (channel, kind, base_url, request_type_rule, spacing_ms, "
        "backfill_from, next_poll_at, added_by, added_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
        "?8, ?9) ON CONFLICT (channel, kind) DO UPDATE SET base_url = ?3, cursor = NULL, "
        "csat_cursor = NULL, backfill_from = ?6, backfill_done_at = NULL, backfill_tickets = 0, "
        "last_error = '', next_poll_at = ?7, added_by = ?8, added_at = ?9");
    upsert.bind(1, source.channel);
    upsert.bind(2, source.kind);
    upsert.bind(3, source.base_url);
    upsert.bind(4, source.request_type_rule);
    bind_optional(upsert, 5, source.spacing_ms);
    upsert.bind(6, source.backfill_from);
    upsert.bind(7, source.next_poll_at);
    upsert.bind(8, source.added_by);
    upsert.bind(9, source.added_at);
    upsert.exec();
}

bool HelpdeskSources::remove(const std::string& channel, const std::string& kind) {
    CachedStatement statement =
        db_.prepare("DELETE FROM helpdesk_sources WHERE channel = ? AND kind = ?");
    statement.bind(1, channel);
    statement.bind(2, kind);
    return statement.exec() > 0;
}

std::optional<HelpdeskSource> HelpdeskSources::find(const std::string& channel,
                                                    const std::string& kind) {
    for (HelpdeskSource& source : of_channel(channel)) {
        if (source.kind == kind) return std::move(source);
    }
    return std::nullopt;
}

std::vector<HelpdeskSource> HelpdeskSources::of_channel(const std::string& channel) {
    return select("WHERE channel = ? ORDER BY kind",
                  [&](CachedStatement& query) { query.bind(1, channel); });
}

std::vector<HelpdeskSource> HelpdeskSources::all() {
    return select("ORDER BY channel, kind", [](CachedStatement&) {});
}

std::vector<HelpdeskSource> HelpdeskSources::due(std::int64_t now_ms) {
    return select("WHERE next_poll_at <= ? ORDER BY next_poll_at",
                  [&](CachedStatement& query) { query.bind(1, now_ms); });
}

std::optional<std::int64_t> HelpdeskSources::next_due() {
    CachedStatement query = db_.prepare("SELECT MIN(next_poll_at) FROM helpdesk_sources");
    if (!query.executeStep()) return std::nullopt;
    return int64_or_null(query.getColumn(0));
}

bool HelpdeskSources::set_request_type_rule(const std::string& channel, const std::string& kind,
                                            const std::string& rule) {
    return set_column(channel, kind, "request_type_rule", std::optional<std::string>(rule));
}

bool HelpdeskSources::set_spacing(const std::string& channel, const std::string& kind,
                                  std::optional<std::int64_t> spacing_ms) {
    return set_column(channel, kind, "spacing_ms", spacing_ms);
}

std::size_t HelpdeskSources::poll_now(const std::string& channel) {
    CachedStatement statement =
        db_.prepare("UPDATE helpdesk_sources SET next_poll_at = 0 WHERE channel = ?");
    statement.bind(1, channel);
    return static_cast<std::size_t>(statement.exec());
}

void HelpdeskSources::record_page(const std::string& channel, const std::string& kind,
                                  const std::optional<std::string>& cursor,
                                  const std::optional<std::string>& csat_cursor,
                                  std::int64_t tickets, std::int64_t now_ms) {
    CachedStatement statement = db_.prepare(
        "UPDATE helpdesk_sources SET cursor = ?1, csat_cursor = ?2, tickets_seen = tickets_seen "
        "+ ?3, backfill_tickets = backfill_tickets + CASE WHEN backfill_done_at IS NULL THEN ?3 "
        "ELSE 0 END, last_success_at = ?4, last_error = '' WHERE channel = ?5 AND kind = ?6");
    bind_optional(statement, 1, cursor);
    bind_optional(statement, 2, csat_cursor);
    statement.bind(3, tickets);
    statement.bind(4, now_ms);
    statement.bind(5, channel);
    statement.bind(6, kind);
    statement.exec();
}

void HelpdeskSources::finish_backfill(const std::string& channel, const std::string& kind,
                                      std::int64_t now_ms) {
    CachedStatement statement = db_.prepare(
        "UPDATE helpdesk_sources SET backfill_done_at = ? WHERE channel "
        "= ? AND kind = ? AND backfill_done_at IS NULL");
    statement.bind(1, now_ms);
    statement.bind(2, channel);
    statement.bind(3, kind);
    statement.exec();
}

void HelpdeskSources::record_error(const std::string& channel, const std::string& kind,
                                   const std::string& error) {
    set_column(channel, kind, "last_error", std::optional<std::string>(error));
}

void HelpdeskSources::schedule(const std::string& channel, const std::string& kind,
                               std::int64_t at_ms) {
    set_column(channel, kind, "next_poll_at", std::optional<std::int64_t>(at_ms));
}

}  // namespace ritualbot::storage
