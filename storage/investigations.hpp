#pragma once

// Investigations: a captain's `/outliers ack` names an owner and a root cause for a flagged
// outlier. While one is open, digests repeat it and do not flag its segment and metric again
// (the cooldown); the causes recorded feed `/outliers causes`.
// Threading: like the Database it holds a reference to, one thread only.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/database.hpp"

namespace ritualbot::storage {

struct Investigation {
    std::string channel;
    std::string outlier_id;  // o-YYYY-MM-DD-N
    std::string metric;
    std::string dimension;
    std::string segment;
    std::string owner;  // Slack user id
    std::string cause;  // plain text as the captain wrote it (unescaped)
    std::string opened_by;
    std::int64_t opened_at = 0;
    std::optional<std::int64_t> closed_at;
    std::string close_note;
};

struct CauseCount {
    std::string cause;  // the most recent spelling among those that match case-insensitively
    std::size_t count = 0;
    std::int64_t last_at = 0;
};

class Investigations {
public:
    explicit Investigations(Database& db) : db_(db) {}

    // Opens the investigation, or for an outlier acked before, replaces owner and cause and
    // opens it again if it was closed.
    void open(const Investigation& investigation);
    // False when there is no open investigation for that outlier.
    bool close(const std::string& channel, const std::string& outlier_id, const std::string& note,
               std::int64_t now_ms);

    std::vector<Investigation> open_in(const std::string& channel);  // oldest first
    std::optional<Investigation> find(const std::string& channel, const std::string& outlier_id);
    // Causes recorded in the channel, most frequent first (ties: most recent first).
    std::vector<CauseCount> causes(const std::string& channel);

private:
    Database& db_;
};

}  // namespace ritualbot::storage
