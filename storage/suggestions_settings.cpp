#include "storage/suggestions_settings.hpp"

#include <SQLiteCpp/Statement.h>

namespace ritualbot::storage {
namespace {

constexpr const char* kColumns =
    "channel, votes_per_person, live_tallies, call_weekday, call_minute, open_weekday, "
    "open_minute, close_weekday, close_minute, due_days, enrolled_at";

SuggestionSettings read(CachedStatement& query) {
    SuggestionSettings settings;
    settings.channel = query.getColumn(0).getString();
    settings.votes_per_person = query.getColumn(1).getInt();
    settings.live_tallies = query.getColumn(2).getInt() != 0;
    settings.call_weekday = query.getColumn(3).getInt();
    settings.call_minute = query.getColumn(4).getInt();
    settings.open_weekday = query.getColumn(5).getInt();
    settings.open_minute = query.getColumn(6).getInt();
    settings.close_weekday = query.getColumn(7).getInt();
    settings.close_minute = query.getColumn(8).getInt();
    settings.due_days = query.getColumn(9).getInt();
    settings.enrolled_at = query.getColumn(10).getInt64();
    return settings;
}

// Column names come from this table only, never from input, so building the SQL is safe.
const char* column(SuggestionSetting setting) {
    switch (setting) {
        case SuggestionSetting::votes_per_person:
            return "votes_per_person";
        case SuggestionSetting::live_tallies:
            return "live_tallies";
        case SuggestionSetting::call_weekday:
            return "call_weekday";
        case SuggestionSetting::call_minute:
            return "call_minute";
        case SuggestionSetting::open_weekday:
            return "open_weekday";
        case SuggestionSetting::open_minute:
            return "open_minute";
        case SuggestionSetting::close_weekday:
            return "close_weekday";
        case SuggestionSetting::close_minute:
            return "close_minute";
        case SuggestionSetting::due_days:
            return "due_days";
    }
    return "votes_per_person";
}

}  // namespace

SuggestionSettings SuggestionSettingsStore::get(const std::string& channel) {
    CachedStatement query = db_.prepare(std::string("SELECT ") + kColumns +
                                        " FROM suggestion_settings WHERE channel = ?");
    query->bind(1, channel);
    if (query->executeStep()) return read(*query);
    SuggestionSettings defaults;
    defaults.channel = channel;
    return defaults;
}

std::vector<SuggestionSettings> SuggestionSettingsStore::enrolled() {
    CachedStatement query = db_.prepare(std::string("SELECT ") + kColumns +
                                        " FROM suggestion_settings ORDER BY channel");
    std::vector<SuggestionSettings> all;
    while (query->executeStep()) all.push_back(read(*query));
    return all;
}

bool SuggestionSettingsStore::enroll(const std::string& channel, std::int64_t now_ms) {
    CachedStatement insert = db_.prepare(
        "INSERT INTO suggestion_settings (channel, enrolled_at, updated_at) "
        "VALUES (?, ?, ?) ON CONFLICT (channel) DO NOTHING");
    insert->bind(1, channel);
    insert->bind(2, now_ms);
    insert->bind(3, now_ms);
    return insert->exec() == 1;
}

void SuggestionSettingsStore::set(const std::string& channel, SuggestionSetting setting, int value,
                                  std::int64_t now_ms) {
    enroll(channel, now_ms);
    CachedStatement update =
        db_.prepare(std::string("UPDATE suggestion_settings SET ") + column(setting) +
                    " = ?, updated_at = ? WHERE channel = ?");
    update.bind(1, value);
    update.bind(2, now_ms);
    update.bind(3, channel);
    update.exec();
}

}  // namespace ritualbot::storage
