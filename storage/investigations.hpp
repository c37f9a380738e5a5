#pragma once

// Investigations: an owner looks into a flagged outlier (`/outliers assign`) and records its
// root cause when found (`/outliers cause`), or both at once (`/outliers ack`). While one is
// open, digests repeat it and do not flag its segment and metric again (the cooldown); the
// causes recorded feed `/outliers causes`.
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
    std::optional<std::int64_t> procedure_id{};  // the playbook procedure it concerns, if named
};

struct CauseRecord {
    std::string cause;    // as written
    std::int64_t at = 0;  // when it was recorded, unix ms
};

// A cause with the procedure its investigation concerns.
struct ProcedureCause {
    std::string cause;      // as written
    std::int64_t at = 0;    // when it was recorded, unix ms
    std::string procedure;  // the procedure's name; empty: none named
};

class Investigations {
public:
    explicit Investigations(Database& db) : db_(db) {}

    // Opens the investigation, or for an outlier acked before, replaces owner and cause and
    // opens it again if it was closed.
    void open(const Investigation& investigation);
    // Names the owner: opens the investigation without a cause, or changes the owner of an
    // existing one, keeping its cause (and opening it again if it was closed).
    void assign(const Investigation& investigation);
    // Records the cause of an open investigation; false when there is none.
    bool record_cause(const std::string& channel, const std::string& outlier_id,
                      const std::string& cause, std::int64_t now_ms);
    // False when there is no open investigation for that outlier.
    bool close(const std::string& channel, const std::string& outlier_id, const std::string& note,
               std::int64_t now_ms);

    // Links the investigation to a playbook procedure; false when there is no investigation.
    bool set_procedure(const std::string& channel, const std::string& outlier_id,
                       std::int64_t procedure_id);

    std::vector<Investigation> open_in(const std::string& channel);  // oldest first
    // The open investigations linked to the procedure, oldest first.
    std::vector<Investigation> open_of_procedure(std::int64_t procedure_id);
    // The causes recorded on investigations linked to the procedure, oldest first.
    std::vector<CauseRecord> causes_of_procedure(std::int64_t procedure_id);
    std::optional<Investigation> find(const std::string& channel, const std::string& outlier_id);
    // The causes recorded in the channel at or after since_ms, oldest first; grouping them is
    // commands/' business (one normalising function).
    std::vector<CauseRecord> causes_since(const std::string& channel, std::int64_t since_ms);
    // The causes recorded from since_ms until before until_ms, oldest first, with procedures.
    std::vector<ProcedureCause> causes_between(const std::string& channel, std::int64_t since_ms,
                                               std::int64_t until_ms);

private:
    Database& db_;
};

}  // namespace ritualbot::storage
