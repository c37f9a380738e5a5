#pragma once

// Outliers a digest has flagged, one row per (channel, id). The id (`o-2026-11-20-3`) is what a
// captain types in `/outliers ack`; recording it lets the ack find the segment and metric, and
// keeps the id of an outlier stable when the digest for that date is built again.
// Threading: like the Database it holds a reference to, one thread only.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/database.hpp"

namespace ritualbot::storage {

struct OutlierRecord {
    std::string channel;
    std::string id;           // o-YYYY-MM-DD-N
    std::string digest_date;  // YYYY-MM-DD, local to the channel
    std::string kind;         // ticket | rate | drift
    std::string metric;
    std::string dimension;  // request_type | channel | all
    std::string segment;    // the dimension's value; "all" for the whole crew
    std::string why;
    std::int64_t created_at = 0;
};

class OutlierRecords {
public:
    explicit OutlierRecords(Database& db) : db_(db) {}

    // False, changing nothing, when the id or the (date, kind, metric, segment) is recorded.
    bool insert(const OutlierRecord& record);
    // Refreshes the explanation of a recorded outlier (the numbers change as data arrives).
    void update_why(const std::string& channel, const std::string& id, const std::string& why);

    std::vector<OutlierRecord> for_date(const std::string& channel, const std::string& date);
    std::optional<OutlierRecord> find(const std::string& channel, const std::string& id);

private:
    Database& db_;
};

}  // namespace ritualbot::storage
