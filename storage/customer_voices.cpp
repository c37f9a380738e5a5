#include "storage/customer_voices.hpp"

#include <SQLiteCpp/Statement.h>

namespace ritualbot::storage {

std::int64_t CustomerVoices::add(const CustomerVoice& voice) {
    CachedStatement insert = db_.prepare(
        "INSERT INTO customer_voices (channel, procedure_id, text, permalink, added_by, "
        "added_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id");
    insert->bind(1, voice.channel);
    insert->bind(2, voice.procedure_id);
    insert->bind(3, voice.text);
    insert->bind(4, voice.permalink);
    insert->bind(5, voice.added_by);
    insert->bind(6, voice.added_at);
    insert->executeStep();
    return insert->getColumn(0).getInt64();
}

std::vector<CustomerVoice> CustomerVoices::latest(std::int64_t procedure_id, std::size_t limit) {
    CachedStatement query = db_.prepare(
        "SELECT id, channel, procedure_id, text, permalink, added_by, added_at "
        "FROM customer_voices WHERE procedure_id = ? ORDER BY id DESC LIMIT ?");
    query->bind(1, procedure_id);
    query->bind(2, static_cast<std::int64_t>(limit));
    std::vector<CustomerVoice> voices;
    while (query->executeStep()) {
        voices.push_back({query->getColumn(0).getInt64(), query->getColumn(1).getString(),
                          query->getColumn(2).getInt64(), query->getColumn(3).getString(),
                          query->getColumn(4).getString(), query->getColumn(5).getString(),
                          query->getColumn(6).getInt64()});
    }
    return voices;
}

}  // namespace ritualbot::storage
