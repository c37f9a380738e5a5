#include "storage/outlier_settings.hpp"

#include <SQLiteCpp/Statement.h>

namespace ritualbot::storage {
namespace {

const char* column_of(OutlierMapping which) {
    switch (which) {
        case OutlierMapping::repeat_info_tag:
            return "repeat_info_tag";
        case OutlierMapping::policy_exception_tag:
            return "policy_exception_tag";
        case OutlierMapping::selfservice_path:
            return "selfservice_path";
    }
    return "selfservice_path";
}

std::optional<std::string> text_or_null(const Column& column) {
    if (column.isNull()) return std::nullopt;
    return column.getString();
}

// Binds `value` at `index`, or NULL.
template <class T>
void bind_or_null(CachedStatement& statement, int index, const std::optional<T>& value) {
    if (value) {
        statement.bind(index, *value);
    } else {
        statement.bind(index);
    }
}

}  // namespace

OutlierSettings OutlierSettingsStore::get(const std::string& channel) {
    CachedStatement statement = db_.prepare(
        "SELECT digest_minute, repeat_info_tag, policy_exception_tag, "
        "selfservice_path, review_weekday, review_minute, quarter_weekday, "
        "quarter_minute FROM outlier_settings "
        "WHERE channel = ?");
    CachedStatement& query = *statement;
    query.bind(1, channel);
    OutlierSettings settings;
    if (!query.executeStep()) return settings;
    if (!query.getColumn(0).isNull()) settings.digest_minute = query.getColumn(0).getInt();
    settings.repeat_info_tag = text_or_null(query.getColumn(1));
    settings.policy_exception_tag = text_or_null(query.getColumn(2));
    settings.selfservice_path = text_or_null(query.getColumn(3));
    if (!query.getColumn(4).isNull() && !query.getColumn(5).isNull())
        settings.review_time = ReviewTime{query.getColumn(4).getInt(), query.getColumn(5).getInt()};
    if (!query.getColumn(6).isNull() && !query.getColumn(7).isNull())
        settings.quarter_time =
            ReviewTime{query.getColumn(6).getInt(), query.getColumn(7).getInt()};
    return settings;
}

void OutlierSettingsStore::set_digest_minute(const std::string& channel, std::optional<int> minute,
                                             std::int64_t now_ms) {
    CachedStatement upsert = db_.prepare(
        "INSERT INTO outlier_settings (channel, digest_minute, updated_at) "
        "VALUES (?1, ?2, ?3) ON CONFLICT (channel) DO UPDATE SET "
        "digest_minute = ?2, updated_at = ?3");
    upsert.bind(1, channel);
    bind_or_null(upsert, 2, minute);
    upsert.bind(3, now_ms);
    upsert.exec();
}

void OutlierSettingsStore::set_review_time(const std::string& channel,
                                          std::optional<ReviewTime> time, std::int64_t now_ms) {
    set_moment(channel, "review_weekday", "review_minute", time, now_ms);
}

void OutlierSettingsStore::set_quarter_time(const std::string& channel,
                                            std::optional<ReviewTime> time, std::int64_t now_ms) {
    set_moment(channel, "quarter_weekday", "quarter_minute", time, now_ms);
}

void OutlierSettingsStore::set_moment(const std::string& channel, const std::string& weekday,
                                      const std::string& minute, std::optional<ReviewTime> time,
                                      std::int64_t now_ms) {
    CachedStatement upsert =
        db_.prepare("INSERT INTO outlier_settings (channel, " + weekday + ", " + minute +
                    ", updated_at) VALUES (?1, ?2, ?3, ?4) ON CONFLICT "
                    "(channel) DO UPDATE SET " +
                    weekday + " = ?2, " + minute + " = ?3, updated_at = ?4");
    upsert.bind(1, channel);
    bind_or_null(upsert, 2, time ? std::optional<int>(time->weekday) : std::nullopt);
    bind_or_null(upsert, 3, time ? std::optional<int>(time->minute) : std::nullopt);
    upsert.bind(4, now_ms);
    upsert.exec();
}

void OutlierSettingsStore::set_mapping(const std::string& channel, OutlierMapping which,
                                       const std::optional<std::string>& value,
                                       std::int64_t now_ms) {
    const std::string column = column_of(which);
    CachedStatement upsert = db_.prepare("INSERT INTO outlier_settings (channel, " + column +
                                         ", updated_at) VALUES (?1, ?2, ?3) ON CONFLICT "
                                         "(channel) DO UPDATE SET " +
                                         column + " = ?2, updated_at = ?3");
    upsert.bind(1, channel);
    bind_or_null(upsert, 2, value);
    upsert.bind(3, now_ms);
    upsert.exec();
}

}  // namespace ritualbot::storage
