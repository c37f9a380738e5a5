#include "storage/digest_texts.hpp"

namespace ritualbot::storage {

std::optional<std::int64_t> DigestTexts::revision(const std::string& channel) {
    CachedStatement query = db_.prepare("SELECT revision FROM digest_inputs WHERE channel = ?");
    query->bind(1, channel);
    if (!query->executeStep()) return std::nullopt;
    return query->getColumn(0).getInt64();
}

void DigestTexts::start_counting(const std::string& channel) {
    CachedStatement insert = db_.prepare(
        "INSERT INTO digest_inputs (channel, revision) VALUES (?, 0) "
        "ON CONFLICT (channel) DO NOTHING");
    insert->bind(1, channel);
    insert->exec();
}

std::optional<std::string> DigestTexts::find(const DigestTextKey& key, std::int64_t revision) {
    CachedStatement query = db_.prepare(
        "SELECT text FROM digest_texts WHERE channel = ? AND day = ? AND request_type = ? "
        "AND revision = ?");
    bind(*query, key.channel, key.day, key.request_type, revision);
    if (!query->executeStep()) return std::nullopt;
    return query->getColumn(0).getString();
}

void DigestTexts::keep(const DigestTextKey& key, std::int64_t revision, const std::string& text,
                       std::int64_t now_ms) {
    CachedStatement stale =
        db_.prepare("DELETE FROM digest_texts WHERE channel = ? AND revision <> ?");
    bind(*stale, key.channel, revision);
    stale->exec();
    CachedStatement upsert = db_.prepare(
        "INSERT INTO digest_texts (channel, day, request_type, revision, text, stored_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (channel, day, request_type) DO UPDATE SET "
        "revision = ?4, text = ?5, stored_at = ?6");
    bind(*upsert, key.channel, key.day, key.request_type, revision, text, now_ms);
    upsert->exec();
}

std::int64_t DigestTexts::clear() {
    CachedStatement remove = db_.prepare("DELETE FROM digest_texts");
    return remove->exec();
}

}  // namespace ritualbot::storage
