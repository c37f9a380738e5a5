#pragma once
// Where each person last used the bot: the channel of their latest command or mention (never a
// DM), so a command they type in a DM can act on their crew.
// Threading: like the Database it holds a reference to, one thread only.

#include <cstdint>
#include <optional>
#include <string>

#include "storage/database.hpp"

namespace ritualbot::storage {

class LastChannels {
public:
    explicit LastChannels(Database& db) : db_(db) {}

    // Replaces the person's earlier channel; writes nothing when it is the same one.
    void record(const std::string& user, const std::string& channel, std::int64_t at_ms);
    std::optional<std::string> find(const std::string& user);

private:
    Database& db_;
};

}  // namespace ritualbot::storage
