#pragma once

// Per-channel settings of the Friday suggestion ritual: how many votes each person has,
// whether tallies show while voting, when the call, the ballot and the close happen, and how
// long a winning improvement has until it is due. A channel is enrolled (gets a row, with the
// defaults) the first time anyone uses /suggest there; the scheduled runs visit enrolled
// channels only, and never for fire times before the enrollment.
// Values are stored as given; commands/ validates them before writing.
// Threading: like the Database it holds a reference to, one thread only.

#include <cstdint>
#include <string>
#include <vector>

#include "storage/database.hpp"

namespace ritualbot::storage {

struct SuggestionSettings {
    static constexpr int kFriday = 5;  // ISO weekday: 1 Monday .. 7 Sunday
    static constexpr int kMonday = 1;

    std::string channel;
    int votes_per_person = 3;
    bool live_tallies = false;
    int call_weekday = kFriday;
    int call_minute = 10 * 60;  // minutes after local midnight
    int open_weekday = kFriday;
    int open_minute = 15 * 60;
    int close_weekday = kMonday;
    int close_minute = 10 * 60;
    int due_days = 7;
    std::int64_t enrolled_at = 0;  // unix ms; 0 while not enrolled
};

// The settings a command may change; the names are also the column names.
enum class SuggestionSetting {
    votes_per_person,
    live_tallies,
    call_weekday,
    call_minute,
    open_weekday,
    open_minute,
    close_weekday,
    close_minute,
    due_days
};

class SuggestionSettingsStore {
public:
    explicit SuggestionSettingsStore(Database& db) : db_(db) {}

    // The stored settings, or the defaults (enrolled_at 0) when the channel has none.
    SuggestionSettings get(const std::string& channel);
    // Every enrolled channel's settings, by channel.
    std::vector<SuggestionSettings> enrolled();

    // Creates the row with the defaults; false when it already existed.
    bool enroll(const std::string& channel, std::int64_t now_ms);
    // Enrolls the channel first if needed.
    void set(const std::string& channel, SuggestionSetting setting, int value, std::int64_t now_ms);

private:
    Database& db_;
};

}  // namespace ritualbot::storage
