#pragma once

// The admins of each channel: the people an admin allowed to change its roster and settings
// (commands/ decides who may; workspace admins and RITUALBOT_ADMINS need no row here).
// Threading: like the Database it holds a reference to, one thread only.

#include <cstdint>
#include <string>
#include <vector>

#include "storage/database.hpp"

namespace ritualbot::storage {

class ChannelAdmins {
public:
    explicit ChannelAdmins(Database& db) : db_(db) {}

    std::vector<std::string> list(const std::string& channel);  // in the order they were added
    bool is_admin(const std::string& channel, const std::string& user);

    // False, changing nothing, when the user already is (add) or is not (remove) an admin.
    bool add(const std::string& channel, const std::string& user, const std::string& added_by,
             std::int64_t now_ms);
    bool remove(const std::string& channel, const std::string& user);

private:
    Database& db_;
};

}  // namespace ritualbot::storage
