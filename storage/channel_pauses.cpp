#include "storage/channel_pauses.hpp"

namespace ritualbot::storage {

bool ChannelPauses::pause(const ChannelPause& pause) {
    CachedStatement insert = db_.prepare(
        "INSERT INTO channel_pauses (channel, reason, paused_by, paused_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (channel) DO NOTHING");
    insert->bind(1, pause.channel);
    insert->bind(2, pause.reason);
    insert->bind(3, pause.paused_by);
    insert->bind(4, pause.paused_at);
    return insert->exec() == 1;
}

std::optional<ChannelPause> ChannelPauses::resume(const std::string& channel) {
    std::optional<ChannelPause> ended = find(channel);
    if (!ended) return std::nullopt;
    CachedStatement remove = db_.prepare("DELETE FROM channel_pauses WHERE channel = ?");
    remove->bind(1, channel);
    remove->exec();
    return ended;
}

std::optional<ChannelPause> ChannelPauses::find(const std::string& channel) {
    CachedStatement query =
        db_.prepare("SELECT reason, paused_by, paused_at FROM channel_pauses WHERE channel = ?");
    query->bind(1, channel);
    if (!query->executeStep()) return std::nullopt;
    return ChannelPause{channel, query->getColumn(0).getString(), query->getColumn(1).getString(),
                        query->getColumn(2).getInt64()};
}

}  // namespace ritualbot::storage
