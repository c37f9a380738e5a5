#pragma once
// Root causes counted: `/outliers causes [week|month|all]`. Causes are grouped through one
// normalising function, cause_key, so "VPN outage", "vpn  outage " and "VPN Outage" are one
// cause; the weekly review will extend it with near-duplicate merging.
// Pure functions except the handler, which reads through Context::db.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "commands/command_table.hpp"
#include "storage/investigations.hpp"

namespace ritualbot::commands {

// Lower case (ASCII letters; other bytes kept as they are), runs of blanks as one space, no
// blanks at either end.
std::string cause_key(std::string_view cause);

struct CauseCount {
    std::string cause;  // the most recent spelling in the group
    std::size_t count = 0;
    std::int64_t last_at = 0;
};

// Most frequent first; ties: most recent first.
std::vector<CauseCount> count_causes(const std::vector<storage::CauseRecord>& records);

Reply outliers_causes(const Request& request, const Args& args, Context& context);

}  // namespace ritualbot::commands
