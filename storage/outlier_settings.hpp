#pragma once

// Per-channel settings of the outlier digest: the local time it is posted, and how the crew's
// own data maps onto the post-release signals (a ticket tag that marks a flag when the source
// has no such column, a contact path that counts as self-service). A channel without a row reads
// as the defaults. Values are stored as given; commands/ validates them.
// Threading: like the Database it holds a reference to, one thread only.

#include <cstdint>
#include <optional>
#include <string>

#include "storage/database.hpp"

namespace ritualbot::storage {

// The settings that map a crew's data onto a signal; each is text, or unset.
enum class OutlierMapping { repeat_info_tag, policy_exception_tag, selfservice_path };

// When the weekly (or quarterly) review is posted, in the channel's zone.
struct ReviewTime {
    int weekday = 5;       // ISO: 1 Monday .. 7 Sunday
    int minute = 11 * 60;  // after local midnight
};

struct OutlierSettings {
    std::optional<int> digest_minute;  // after local midnight; nullopt: after the change-over
    std::optional<ReviewTime> review_time;  // nullopt: the default, Friday 11:00
    // The quarterly review: the first such weekday of a quarter. nullopt: the first Monday at
    // the weekly review's time of day.
    std::optional<ReviewTime> quarter_time;
    std::optional<std::string> repeat_info_tag;
    std::optional<std::string> policy_exception_tag;
    std::optional<std::string> selfservice_path;
};

class OutlierSettingsStore {
public:
    explicit OutlierSettingsStore(Database& db) : db_(db) {}

    OutlierSettings get(const std::string& channel);
    // nullopt goes back to the default.
    void set_digest_minute(const std::string& channel, std::optional<int> minute,
                           std::int64_t now_ms);
    // nullopt goes back to the default.
    void set_review_time(const std::string& channel, std::optional<ReviewTime> time,
                         std::int64_t now_ms);
    // nullopt goes back to the default.
    void set_quarter_time(const std::string& channel, std::optional<ReviewTime> time,
                          std::int64_t now_ms);
    // nullopt clears the mapping.
    void set_mapping(const std::string& channel, OutlierMapping which,
                     const std::optional<std::string>& value, std::int64_t now_ms);

private:
    // Writes one weekday/minute column pair (column names from this class only).
    void set_moment(const std::string& channel, const std::string& weekday,
                    const std::string& minute, std::optional<ReviewTime> time, std::int64_t now_ms);

    Database& db_;
};

}  // namespace ritualbot::storage
