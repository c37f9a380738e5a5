#include "storage/setting_changes.hpp"

namespace ritualbot::storage {

void SettingChanges::record(const std::string& channel, const std::string& key,
                            const std::string& user, std::int64_t now_ms) {
    CachedStatement upsert = db_.prepare(
        "INSERT INTO setting_changes (channel, key, changed_by, changed_at) VALUES (?1, ?2, ?3, "
        "?4) ON CONFLICT (channel, key) DO UPDATE SET changed_by = ?3, changed_at = ?4");
    upsert->bind(1, channel);
    upsert->bind(2, key);
    upsert->bind(3, user);
    upsert->bind(4, now_ms);
    upsert->exec();
}

std::map<std::string, SettingChange> SettingChanges::of_channel(const std::string& channel) {
    CachedStatement query =
        db_.prepare("SELECT key, changed_by, changed_at FROM setting_changes WHERE channel = ?");
    query->bind(1, channel);
    std::map<std::string, SettingChange> changes;
    while (query->executeStep()) {
        changes[query->getColumn(0).getString()] = {query->getColumn(1).getString(),
                                                    query->getColumn(2).getInt64()};
    }
    return changes;
}

}  // namespace ritualbot::storage
