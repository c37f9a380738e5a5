#pragma once

// Who last changed each of a channel's settings, and when, by setting key ("captain.period").
// Written in the same Transaction as the change itself; a key without a row was never changed
// (its value is the default). Keys are stored as given; commands/ owns the list of keys.
// Threading: like the Database it holds a reference to, one thread only.

#include <cstdint>
#include <map>
#include <string>

#include "storage/database.hpp"

namespace ritualbot::storage {

struct SettingChange {
    std::string changed_by;  // Slack user id
    std::int64_t changed_at = 0;
};

class SettingChanges {
public:
    explicit SettingChanges(Database& db) : db_(db) {}

    void record(const std::string& channel, const std::string& key, const std::string& user,
                std::int64_t now_ms);
    // The channel's changes by key.
    std::map<std::string, SettingChange> of_channel(const std::string& channel);

private:
    Database& db_;
};

}  // namespace ritualbot::storage
