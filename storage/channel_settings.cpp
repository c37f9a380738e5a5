#include "storage/channel_settings.hpp"

#include <stdexcept>

#include <SQLiteCpp/Statement.h>

namespace ritualbot::storage {
namespace {

// Column names come from this file only, never from input, so building the SQL is safe.
template <class Value>
void update(Database& db, const std::string& channel, const char* column, const Value& value,
            std::int64_t now_ms) {
    CachedStatement statement = db.prepare(std::string("UPDATE channel_settings SET ") + column +
                                           " = ?, updated_at = ? WHERE channel = ?");
    statement.bind(1, value);
    statement.bind(2, now_ms);
    statement.bind(3, channel);
    statement.exec();
}

}  // namespace

std::string to_string(CaptainPeriod period) {
    return period == CaptainPeriod::weekly ? "weekly" : "daily";
}

std::optional<CaptainPeriod> parse_captain_period(const std::string& text) {
    if (text == "daily") return CaptainPeriod::daily;
    if (text == "weekly") return CaptainPeriod::weekly;
    return std::nullopt;
}

ChannelSettings ChannelSettingsStore::get(const std::string& channel) {
    ChannelSettings settings;
    settings.channel = channel;
    CachedStatement query = db_.prepare(
        "SELECT time_zone, working_days, captain_period, changeover_minute, "
        "usergroup, metric FROM channel_settings WHERE channel = ?");
    query->bind(1, channel);
    if (!query->executeStep()) return settings;
    settings.time_zone = query->getColumn(0).getString();
    settings.working_days = query->getColumn(1).getInt();
    const std::string period = query->getColumn(2).getString();
    const auto parsed = parse_captain_period(period);
    // The CHECK constraint makes this unreachable unless the file was edited by hand.
    if (!parsed) {
        throw std::runtime_error("channel_settings for " + channel + " has unknown period '" +
                                 period + "'");
    }
    settings.captain_period = *parsed;
    settings.changeover_minute = query->getColumn(3).getInt();
    if (!query->getColumn(4).isNull()) settings.usergroup = query->getColumn(4).getString();
    settings.metric = query->getColumn(5).getString();
    return settings;
}

bool ChannelSettingsStore::exists(const std::string& channel) {
    CachedStatement query = db_.prepare("SELECT 1 FROM channel_settings WHERE channel = ?");
    query->bind(1, channel);
    return query->executeStep();
}

void ChannelSettingsStore::ensure(const std::string& channel, std::int64_t now_ms) {
    CachedStatement insert = db_.prepare(
        "INSERT INTO channel_settings (channel, updated_at) VALUES (?, ?) "
        "ON CONFLICT (channel) DO NOTHING");
    insert->bind(1, channel);
    insert->bind(2, now_ms);
    insert->exec();
}

void ChannelSettingsStore::set_time_zone(const std::string& channel, const std::string& zone,
                                         std::int64_t now_ms) {
    ensure(channel, now_ms);
    update(db_, channel, "time_zone", zone, now_ms);
}

void ChannelSettingsStore::set_working_days(const std::string& channel, int mask,
                                            std::int64_t now_ms) {
    ensure(channel, now_ms);
    update(db_, channel, "working_days", mask, now_ms);
}

void ChannelSettingsStore::set_captain_period(const std::string& channel, CaptainPeriod period,
                                              std::int64_t now_ms) {
    ensure(channel, now_ms);
    update(db_, channel, "captain_period", to_string(period), now_ms);
}

void ChannelSettingsStore::set_changeover_minute(const std::string& channel, int minute,
                                                 std::int64_t now_ms) {
    ensure(channel, now_ms);
    update(db_, channel, "changeover_minute", minute, now_ms);
}

void ChannelSettingsStore::set_usergroup(const std::string& channel, const std::string& usergroup,
                                         std::int64_t now_ms) {
    ensure(channel, now_ms);
    if (usergroup.empty()) {
        CachedStatement clear = db_.prepare(
            "UPDATE channel_settings SET usergroup = NULL, updated_at = ? "
            "WHERE channel = ?");
        clear->bind(1, now_ms);
        clear->bind(2, channel);
        clear->exec();
        return;
    }
    update(db_, channel, "usergroup", usergroup, now_ms);
}

void ChannelSettingsStore::set_metric(const std::string& channel, const std::string& metric,
                                      std::int64_t now_ms) {
    ensure(channel, now_ms);
    update(db_, channel, "metric", metric, now_ms);
}

}  // namespace ritualbot::storage
