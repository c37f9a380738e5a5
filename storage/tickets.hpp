#pragma once

// Tickets imported from a helpdesk, one row per (channel, ticket id) (a unique index; the
// table itself is ordered by (channel, created_at, id) for the digest's window): the raw
// material of the outlier digest. Times are unix milliseconds. A column the source did not have is NULL
// (std::nullopt), never zero, so metrics built on it can be left out rather than shown as 0.
// The requester is stored only as a keyed 64-bit hash (see requester_key()); never the raw key.
// Threading: like the Database it holds a reference to, one thread only.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "storage/database.hpp"

namespace ritualbot::storage {

// The optional columns, as bits of TicketRow::fields.
enum class TicketField : unsigned {
    first_response_at,
    resolved_at,
    request_type,
    contact_channel,
    agent,
    reopens,
    escalated,
    csat,
    recontact,
    checklist_skipped,
    manual_retries,
    tags,
    requester_hash,
    source,
    escalated_at,
    deflected,
    repeat_info,
    policy_exception,
};
inline constexpr unsigned kTicketFieldCount = 18;
using TicketFields = std::uint32_t;
inline constexpr TicketFields kAllTicketFields = (1u << kTicketFieldCount) - 1;
constexpr TicketFields bit(TicketField field) {
    return 1u << static_cast<unsigned>(field);
}

struct TicketRow {
    std::string channel;  // the crew's Slack channel
    std::string id;       // the helpdesk's ticket id
    std::int64_t created_at = 0;
    std::optional<std::int64_t> first_response_at;
    std::optional<std::int64_t> resolved_at;
    std::optional<std::string> request_type;
    std::optional<std::string> contact_channel;  // the contact path: email, chat, phone, …
    std::optional<std::string> agent;
    std::optional<std::int64_t> reopens;
    std::optional<bool> escalated;
    std::optional<int> csat;  // 1..5
    std::optional<bool> recontact;
    std::optional<std::int64_t> checklist_skipped;
    std::optional<std::int64_t> manual_retries;
    std::optional<std::string> tags;  // ';'-separated, as imported
    std::optional<std::int64_t> requester_hash;
    std::optional<std::string> source;
    // The post-release signals (DESIGN.md "Ticket data"): when the ticket was escalated, whether
    // it was answered without an agent, whether the customer had to repeat information, whether
    // a policy exception was made.
    std::optional<std::int64_t> escalated_at;
    std::optional<bool> deflected;
    std::optional<bool> repeat_info;
    std::optional<bool> policy_exception;
    // The optional columns the source had. On re-import, columns outside this set keep their
    // stored values: a CSV without csat must not wipe the csat a JSON feed delivered earlier.
    TicketFields fields = kAllTicketFields;
};

// Upserts many rows with prepared statements kept between calls: the hot loop of an import.
// Wrap the calls in one storage::Transaction; the writer does not open one itself.
// updated_at (for people reading the table, never for a metric) is the time the writer was
// made, read once from the system clock, so callers in commands/ need not read it.
class TicketWriter {
public:
    explicit TicketWriter(Database& db);

    // Inserts the row or, when (channel, id) exists, overwrites created_at and the columns in
    // row.fields. SQLite errors (a broken database) throw.
    void upsert(const TicketRow& row);

private:
    CachedStatement& statement_for(TicketFields fields);

    Database& db_;
    std::int64_t now_ms_;
    std::map<TicketFields, CachedStatement> statements_;
};

class Tickets {
public:
    explicit Tickets(Database& db) : db_(db) {}

    // Tickets of a channel created in [from_ms, to_ms), oldest first: one range of the table,
    // which is stored in (channel, created_at, id) order, so the cost follows the range, not
    // the whole history, and no row needs a second seek. Only the optional columns in
    // `fields` are read (each row's `fields` says which); the others stay std::nullopt.
    std::vector<TicketRow> created_between(const std::string& channel, std::int64_t from_ms,
                                           std::int64_t to_ms,
                                           TicketFields fields = kAllTicketFields);

    std::optional<TicketRow> find(const std::string& channel, const std::string& id);
    // The helpdesk deleted the ticket: it leaves the digest. False when it was not there.
    bool remove(const std::string& channel, const std::string& id);
    // What a helpdesk says of a ticket after delivering it: a follow-up flags the ticket it
    // follows as recontacted; a satisfaction rating comes on its own. False when the ticket is
    // not (yet) stored.
    bool mark_recontacted(const std::string& channel, const std::string& id);
    bool set_csat(const std::string& channel, const std::string& id, int csat);
    std::size_t count(const std::string& channel);
    bool any(const std::string& channel);  // one index probe, whatever the channel's size
    std::vector<std::string> channels();  // every channel with at least one ticket

    // The 16-byte key for requester hashes, made at random by migration 3: hashes are not
    // comparable across installations, and a list of e-mail addresses cannot be hashed to find
    // matches without this database. Anyone holding the file holds the key too.
    std::string requester_key();

private:
    Database& db_;
};

}  // namespace ritualbot::storage
