#include "storage/outlier_settings.hpp"

#include <SQLiteCpp/Statement.h>

namespace ritualbot::storage {

OutlierSettings OutlierSettingsStore::get(const std::string& channel) {
    SQLite::Statement query(db_.sql(),
                            "SELECT digest_minute FROM outlier_settings WHERE channel = ?");
    query.bind(1, channel);
    OutlierSettings settings;
    if (query.executeStep() && !query.getColumn(0).isNull()) {
        settings.digest_minute = query.getColumn(0).getInt();
    }
    return settings;
}

void OutlierSettingsStore::set_digest_minute(const std::string& channel, std::optional<int> minute,
                                             std::int64_t now_ms) {
    SQLite::Statement upsert(db_.sql(),
                             "INSERT INTO outlier_settings (channel, digest_minute, updated_at) "
                             "VALUES (?1, ?2, ?3) ON CONFLICT (channel) DO UPDATE SET "
                             "digest_minute = ?2, updated_at = ?3");
    upsert.bind(1, channel);
    if (minute) {
        upsert.bind(2, *minute);
    } else {
        upsert.bind(2);
    }
    upsert.bind(3, now_ms);
    upsert.exec();
}

}  // namespace ritualbot::storage
