#pragma once

// Improvements: the suggestions that won a vote, followed to done. An improvement shares its
// suggestion's id (people refer to both as #id), has an owner (empty while unassigned), a due
// date, optionally the digest metric it is meant to bend, and once done its local done date
// and a note.
// Threading: like the Database it holds a reference to, one thread only.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/database.hpp"

namespace ritualbot::storage {

struct Improvement {
    std::int64_t suggestion_id = 0;
    std::string channel;
    std::string owner;     // Slack user id; empty: unassigned
    std::string due_date;  // YYYY-MM-DD, channel's zone
    std::string metric;    // DESIGN.md metric name; empty: none
    std::int64_t created_at = 0;
    std::int64_t done_at = 0;  // 0 while open
    std::string done_date;     // YYYY-MM-DD, channel's zone; empty while open
    std::string done_note;     // Slack mrkdwn, already escaped
};

class Improvements {
public:
    explicit Improvements(Database& db) : db_(db) {}

    void add(const Improvement& improvement);
    std::optional<Improvement> find(std::int64_t suggestion_id);
    // Open ones (oldest first) or done ones (latest done first, at most `limit`).
    std::vector<Improvement> open(const std::string& channel);
    std::vector<Improvement> done(const std::string& channel, int limit);
    // Those done on first_date .. last_date (YYYY-MM-DD, inclusive), oldest first.
    std::vector<Improvement> done_between(const std::string& channel, const std::string& first_date,
                                          const std::string& last_date);
    // The improvements whose suggestion links to the procedure: open ones first (oldest
    // first), then done ones (latest done first).
    std::vector<Improvement> of_procedure(std::int64_t procedure_id);
    // Every done date of the channel (YYYY-MM-DD), newest first.
    std::vector<std::string> done_dates(const std::string& channel);

    void set_owner(std::int64_t suggestion_id, const std::string& owner);
    void set_metric(std::int64_t suggestion_id, const std::string& metric);
    // False, changing nothing, when it was already done.
    bool mark_done(std::int64_t suggestion_id, std::int64_t now_ms, const std::string& done_date,
                   const std::string& note);

private:
    Database& db_;
};

}  // namespace ritualbot::storage
