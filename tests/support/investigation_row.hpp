#pragma once

// An open investigation of a billing reopen-rate outlier in C1, owned by U2, opened by U1.

#include <cstdint>
#include <optional>
#include <string>

#include "storage/investigations.hpp"

namespace ritualbot::test {

inline storage::Investigation investigation(const std::string& id, const std::string& cause,
                                            std::int64_t at) {
    return {"C1",         id, "reopen_rate", "request_type", "billing", "U2", cause, "U1", at,
            std::nullopt, ""};
}

}  // namespace ritualbot::test
