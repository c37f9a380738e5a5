#include "storage/slack_members.hpp"

#include <SQLiteCpp/Statement.h>

namespace ritualbot::storage {

void SlackMembers::save(const SlackMember& member) {
    CachedStatement upsert = db_.prepare(
        "INSERT INTO slack_members (user_id, workspace_admin, guest, external, checked_at) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET "
        "workspace_admin = excluded.workspace_admin, guest = excluded.guest, "
        "external = excluded.external, checked_at = excluded.checked_at");
    upsert->bind(1, member.user);
    upsert->bind(2, member.workspace_admin ? 1 : 0);
    upsert->bind(3, member.guest ? 1 : 0);
    upsert->bind(4, member.external ? 1 : 0);
    upsert->bind(5, member.checked_at);
    upsert->exec();
}

std::optional<SlackMember> SlackMembers::find(const std::string& user) {
    CachedStatement query = db_.prepare(
        "SELECT workspace_admin, guest, external, checked_at FROM slack_members "
        "WHERE user_id = ?");
    query->bind(1, user);
    if (!query->executeStep()) return std::nullopt;
    return SlackMember{user, query->getColumn(0).getInt() != 0, query->getColumn(1).getInt() != 0,
                       query->getColumn(2).getInt() != 0, query->getColumn(3).getInt64()};
}

std::vector<std::string> SlackMembers::workspace_admins(std::size_t limit) {
    CachedStatement query = db_.prepare(
        "SELECT user_id FROM slack_members WHERE workspace_admin = 1 AND guest = 0 AND "
        "external = 0 ORDER BY checked_at DESC, user_id LIMIT ?");
    query->bind(1, static_cast<std::int64_t>(limit));
    std::vector<std::string> users;
    while (query->executeStep()) users.push_back(query->getColumn(0).getString());
    return users;
}

}  // namespace ritualbot::storage
