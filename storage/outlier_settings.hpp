#pragma once

// Per-channel settings of the outlier digest: the local time it is posted. A channel without a
// row reads as the defaults. Values are stored as given; commands/ validates them.
// Threading: like the Database it holds a reference to, one thread only.

#include <cstdint>
#include <optional>
#include <string>

#include "storage/database.hpp"

namespace ritualbot::storage {

struct OutlierSettings {
    std::optional<int> digest_minute;  // after local midnight; nullopt: after the change-over
};

class OutlierSettingsStore {
public:
    explicit OutlierSettingsStore(Database& db) : db_(db) {}

    OutlierSettings get(const std::string& channel);
    // nullopt goes back to the default.
    void set_digest_minute(const std::string& channel, std::optional<int> minute,
                           std::int64_t now_ms);

private:
    Database& db_;
};

}  // namespace ritualbot::storage
