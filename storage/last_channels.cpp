#include "storage/last_channels.hpp"

namespace ritualbot::storage {

void LastChannels::record(const std::string& user, const std::string& channel, std::int64_t at_ms) {
    if (find(user) == channel) return;
    CachedStatement upsert = db_.prepare(
        "INSERT INTO last_channel_used (user_id, channel, used_at) VALUES (?, ?, ?) "
        "ON CONFLICT (user_id) DO UPDATE SET channel = excluded.channel, used_at = "
        "excluded.used_at");
    upsert->bind(1, user);
    upsert->bind(2, channel);
    upsert->bind(3, at_ms);
    upsert->exec();
}

std::optional<std::string> LastChannels::find(const std::string& user) {
    CachedStatement query = db_.prepare("SELECT channel FROM last_channel_used WHERE user_id = ?");
    query->bind(1, user);
    if (!query->executeStep()) return std::nullopt;
    return query->getColumn(0).getString();
}

}  // namespace ritualbot::storage
