#pragma once

// The playbook: a channel's procedures (SOPs) and the history of each. The bot keeps a
// procedure's name, owner, link, purpose and the ticket segment it governs; the document itself
// lives wherever the crew keeps it. Names are unique per channel among procedures not retired,
// compared by their lower case (name_key); a retired procedure keeps its id, so what linked to
// it still does.
// Threading: like the Database it holds a reference to, one thread only.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/database.hpp"

namespace ritualbot::storage {

struct Procedure {
    std::int64_t id = 0;
    std::string channel;
    std::string name;               // as first written (or renamed to), e.g. "Refunds"
    std::string name_key;           // lower case: what lookups compare
    std::string link{};             // URL of the document; empty: none
    std::string purpose{};          // one line, Slack mrkdwn as typed (escaped)
    std::string owner{};            // Slack user id; empty: none
    std::string segment_dimension = "all";  // all | request_type | channel | tag
    std::string segment_value{};            // empty with "all"
    std::string created_by{};
    std::int64_t created_at = 0;
    std::optional<std::int64_t> retired_at{};
    // Marked for update (`/playbook mark`): what should change, mrkdwn as typed (escaped), '' when
    // no note was given; nullopt when not marked. Cleared when a change is recorded.
    std::optional<std::string> update_wanted{};
    std::string update_wanted_by{};  // who marked it
};

// One line of a procedure's history. kind: added, changed (the SOP itself changed: what
// before/after checks mark), renamed, owner, link, segment, retired.
struct ProcedureEvent {
    std::int64_t procedure_id = 0;
    std::string channel;
    std::string kind;
    std::string detail;      // Slack mrkdwn, user text already escaped
    std::string by;          // Slack user id
    std::string local_date;  // YYYY-MM-DD in the channel's zone
    std::int64_t at = 0;
};

// A `changed` event with the name its procedure has now.
struct ProcedureChange {
    std::string procedure;
    ProcedureEvent event;
};

class Procedures {
public:
    explicit Procedures(Database& db) : db_(db) {}

    std::int64_t add(const Procedure& procedure);  // returns the new id
    std::optional<Procedure> find(std::int64_t id);
    // The channel's procedure of that lower-case name that is not retired.
    std::optional<Procedure> find_active(const std::string& channel, const std::string& name_key);
    std::vector<Procedure> active(const std::string& channel);  // by name

    // Each replaces one field of a procedure not retired.
    void rename(std::int64_t id, const std::string& name, const std::string& name_key);
    void set_owner(std::int64_t id, const std::string& owner);
    void set_link(std::int64_t id, const std::string& link);
    void set_segment(std::int64_t id, const std::string& dimension, const std::string& value);
    void retire(std::int64_t id, std::int64_t now_ms);
    // Marks the procedure for update with a note, or (nullopt) clears the mark.
    void set_update_wanted(std::int64_t id, const std::optional<std::string>& note,
                           const std::string& by);
    // The channel's active procedures marked for update, by name.
    std::vector<Procedure> marked_for_update(const std::string& channel);
    // Every active procedure the user owns, in any channel, by channel and name.
    std::vector<Procedure> owned_by(const std::string& user);

    void record(const ProcedureEvent& event);
    // The procedure's history, newest first, at most `limit` events.
    std::vector<ProcedureEvent> history(std::int64_t id, std::size_t limit);
    // Its newest event of that kind.
    std::optional<ProcedureEvent> last(std::int64_t id, const std::string& kind);
    // The channel's procedure changes dated first_date .. last_date (YYYY-MM-DD, inclusive),
    // oldest first.
    std::vector<ProcedureChange> changes(const std::string& channel, const std::string& first_date,
                                         const std::string& last_date);

private:
    // Active procedures WHERE `condition` (one parameter, bound to value), by channel and name.
    std::vector<Procedure> select_active(const std::string& condition, const std::string& value);

    Database& db_;
};

}  // namespace ritualbot::storage
