#pragma once
// Captain swaps asked for by someone whose consent is not enough on its own: they wait until
// every person whose shift they move has accepted (or one declines). Dates are the local dates
// (YYYY-MM-DD) of the two shifts when the swap was asked for.
// Threading: like the Database it holds a reference to, one thread only.

#include <cstdint>
#include <optional>
#include <string>

#include "storage/database.hpp"

namespace ritualbot::storage {

struct SwapRequest {
    std::int64_t id = 0;
    std::string channel;
    std::string requester;
    std::string user_a, date_a;  // a's shift on date_a goes to b
    std::string user_b, date_b;  // and b's shift on date_b to a
    bool pending_a = false;      // a has still to answer
    bool pending_b = false;
    std::string state = "pending";  // pending | applied | declined | stale
    std::int64_t created_at = 0;
};

class CaptainSwaps {
public:
    explicit CaptainSwaps(Database& db) : db_(db) {}

    std::int64_t add(const SwapRequest& request);  // returns the new id
    std::optional<SwapRequest> find(std::int64_t id);
    void set_answered(std::int64_t id, const std::string& user);  // clears that user's pending
    void finish(std::int64_t id, const std::string& state, std::int64_t now_ms);

private:
    Database& db_;
};

}  // namespace ritualbot::storage
