#pragma once

// Per-channel settings shared by the rituals: the crew's time zone, working days, its one
// customer-centric metric, and the captain's rotation period, change-over time and Slack user
// group. A channel without a row
// reads as the defaults, so nothing needs creating before the first command.
// Values are stored as given; commands/ validates them (zone names, masks) before writing.
// Threading: like the Database it holds a reference to, one thread only.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/database.hpp"

namespace ritualbot::storage {

enum class CaptainPeriod { daily, weekly };

struct ChannelSettings {
    static constexpr int kMondayToFriday = 0b0011111;  // bit 0 Monday .. bit 6 Sunday
    static constexpr int kDefaultChangeoverMinute = 9 * 60;

    std::string channel;
    std::string time_zone = "UTC";  // IANA name
    int working_days = kMondayToFriday;
    CaptainPeriod captain_period = CaptainPeriod::daily;
    int changeover_minute = kDefaultChangeoverMinute;  // minutes after local midnight
    std::string usergroup;                             // S… id; empty: none
    std::string metric = "resolution";                 // a digest metric name
};

class ChannelSettingsStore {
public:
    explicit ChannelSettingsStore(Database& db) : db_(db) {}

    // The stored settings, or the defaults when the channel has none.
    ChannelSettings get(const std::string& channel);
    bool exists(const std::string& channel);

    // Each setter creates the row with defaults first if needed.
    void set_time_zone(const std::string& channel, const std::string& zone, std::int64_t now_ms);
    void set_working_days(const std::string& channel, int mask, std::int64_t now_ms);
    void set_captain_period(const std::string& channel, CaptainPeriod period, std::int64_t now_ms);
    void set_changeover_minute(const std::string& channel, int minute, std::int64_t now_ms);
    void set_usergroup(const std::string& channel, const std::string& usergroup,
                       std::int64_t now_ms);  // empty clears it
    void set_metric(const std::string& channel, const std::string& metric, std::int64_t now_ms);

private:
    void ensure(const std::string& channel, std::int64_t now_ms);

    Database& db_;
};

std::string to_string(CaptainPeriod period);
std::optional<CaptainPeriod> parse_captain_period(const std::string& text);

}  // namespace ritualbot::storage
