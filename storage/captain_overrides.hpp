#pragma once

// The captain rotation's exceptions per channel: overrides (a skipped shift, a pinned shift
// from a swap, an away period) and the channel's holidays. Dates are local YYYY-MM-DD.
// Threading: like the Database it holds a reference to, one thread only.

#include <cstdint>
#include <string>
#include <vector>

#include "storage/database.hpp"

namespace ritualbot::storage {

enum class OverrideKind {
    skip,  // user does not serve the shift starting on from_date
    pin,   // user serves the shift starting on from_date (one half of a swap)
    away,  // user serves no shift that touches from_date..to_date
};

struct Override {
    std::int64_t id = 0;
    OverrideKind kind = OverrideKind::skip;
    std::string user;
    std::string from_date, to_date;  // equal for skip and pin
    std::string partner;             // pin: the other person of the swap
    std::string note;                // e.g. "swap with U2"
    std::string created_by;
    std::int64_t created_at = 0;
};

struct Holiday {
    std::string date;
    std::string name;  // may be empty
};

class CaptainOverrides {
public:
    explicit CaptainOverrides(Database& db) : db_(db) {}

    std::vector<Override> list(const std::string& channel);  // by from_date, then id
    std::int64_t add(const std::string& channel, const Override& override_);
    bool remove(std::int64_t id);

    std::vector<Holiday> holidays(const std::string& channel);             // by date
    bool add_holiday(const std::string& channel, const Holiday& holiday);  // false: exists
    bool remove_holiday(const std::string& channel, const std::string& date);

private:
    Database& db_;
};

std::string to_string(OverrideKind kind);

}  // namespace ritualbot::storage
