#pragma once

// Voice of the customer: what a customer said (a Slack message, a pasted ticket comment), kept
// with the procedure it concerns and a link back to where it was said.
// Threading: like the Database it holds a reference to, one thread only.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "storage/database.hpp"

namespace ritualbot::storage {

struct CustomerVoice {
    std::int64_t id = 0;
    std::string channel;
    std::int64_t procedure_id = 0;
    std::string text;       // plain, as the person kept it (not escaped)
    std::string permalink;  // the message's; empty when pasted from elsewhere
    std::string added_by;   // Slack user id
    std::int64_t added_at = 0;
};

class CustomerVoices {
public:
    explicit CustomerVoices(Database& db) : db_(db) {}

    std::int64_t add(const CustomerVoice& voice);  // returns the new id
    // The procedure's newest snippets first, at most `limit`.
    std::vector<CustomerVoice> latest(std::int64_t procedure_id, std::size_t limit);

private:
    Database& db_;
};

}  // namespace ritualbot::storage
