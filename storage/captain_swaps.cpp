#include "storage/captain_swaps.hpp"

#include <SQLiteCpp/Statement.h>

namespace ritualbot::storage {

std::int64_t CaptainSwaps::add(const SwapRequest& request) {
    CachedStatement insert = db_.prepare(
        "INSERT INTO captain_swap_requests (channel, requester, user_a, date_a, user_b, date_b, "
        "pending_a, pending_b, state, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?) "
        "RETURNING id");
    insert->bind(1, request.channel);
    insert->bind(2, request.requester);
    insert->bind(3, request.user_a);
    insert->bind(4, request.date_a);
    insert->bind(5, request.user_b);
    insert->bind(6, request.date_b);
    insert->bind(7, request.pending_a ? 1 : 0);
    insert->bind(8, request.pending_b ? 1 : 0);
    insert->bind(9, request.created_at);
    insert->executeStep();
    return insert->getColumn(0).getInt64();
}

std::optional<SwapRequest> CaptainSwaps::find(std::int64_t id) {
    CachedStatement query = db_.prepare(
        "SELECT channel, requester, user_a, date_a, user_b, date_b, pending_a, pending_b, state, "
        "created_at FROM captain_swap_requests WHERE id = ?");
    query->bind(1, id);
    if (!query->executeStep()) return std::nullopt;
    SwapRequest request;
    request.id = id;
    request.channel = query->getColumn(0).getString();
    request.requester = query->getColumn(1).getString();
    request.user_a = query->getColumn(2).getString();
    request.date_a = query->getColumn(3).getString();
    request.user_b = query->getColumn(4).getString();
    request.date_b = query->getColumn(5).getString();
    request.pending_a = query->getColumn(6).getInt() != 0;
    request.pending_b = query->getColumn(7).getInt() != 0;
    request.state = query->getColumn(8).getString();
    request.created_at = query->getColumn(9).getInt64();
    return request;
}

void CaptainSwaps::set_answered(std::int64_t id, const std::string& user) {
    CachedStatement update = db_.prepare(
        "UPDATE captain_swap_requests SET "
        "pending_a = CASE WHEN user_a = ?1 THEN 0 ELSE pending_a END, "
        "pending_b = CASE WHEN user_b = ?1 THEN 0 ELSE pending_b END WHERE id = ?2");
    update->bind(1, user);
    update->bind(2, id);
    update->exec();
}

void CaptainSwaps::finish(std::int64_t id, const std::string& state, std::int64_t now_ms) {
    CachedStatement update =
        db_.prepare("UPDATE captain_swap_requests SET state = ?, answered_at = ? WHERE id = ?");
    update->bind(1, state);
    update->bind(2, now_ms);
    update->bind(3, id);
    update->exec();
}

}  // namespace ritualbot::storage
