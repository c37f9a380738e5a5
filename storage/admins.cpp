#include "storage/admins.hpp"

#include <SQLiteCpp/Statement.h>

namespace ritualbot::storage {

std::vector<std::string> ChannelAdmins::list(const std::string& channel) {
    CachedStatement query = db_.prepare(
        "SELECT user_id FROM channel_admins WHERE channel = ? "
        "ORDER BY added_at, user_id");
    query->bind(1, channel);
    std::vector<std::string> users;
    while (query->executeStep()) users.push_back(query->getColumn(0).getString());
    return users;
}

bool ChannelAdmins::is_admin(const std::string& channel, const std::string& user) {
    CachedStatement query =
        db_.prepare("SELECT 1 FROM channel_admins WHERE channel = ? AND user_id = ?");
    query->bind(1, channel);
    query->bind(2, user);
    return query->executeStep();
}

bool ChannelAdmins::add(const std::string& channel, const std::string& user,
                        const std::string& added_by, std::int64_t now_ms) {
    CachedStatement insert = db_.prepare(
        "INSERT INTO channel_admins (channel, user_id, added_by, added_at) "
        "VALUES (?, ?, ?, ?) ON CONFLICT (channel, user_id) DO NOTHING");
    insert->bind(1, channel);
    insert->bind(2, user);
    insert->bind(3, added_by);
    insert->bind(4, now_ms);
    return insert->exec() == 1;
}

bool ChannelAdmins::remove(const std::string& channel, const std::string& user) {
    CachedStatement remove =
        db_.prepare("DELETE FROM channel_admins WHERE channel = ? AND user_id = ?");
    remove->bind(1, channel);
    remove->bind(2, user);
    return remove->exec() == 1;
}

}  // namespace ritualbot::storage
