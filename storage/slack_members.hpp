#pragma once
// What Slack last said about members' standing in the workspace (from users.info): the last
// known answer, kept so that a restart during a Slack outage still knows who the workspace
// admins and guests are. bot/ decides when an answer is too old to trust without asking again.
// Threading: like the Database it holds a reference to, one thread only.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/database.hpp"

namespace ritualbot::storage {

struct SlackMember {
    std::string user;
    bool workspace_admin = false;  // owner or admin of the workspace
    bool guest = false;            // multi- or single-channel guest
    bool external = false;         // from another workspace (Slack Connect)
    std::int64_t checked_at = 0;   // unix ms of Slack's answer
};

class SlackMembers {
public:
    explicit SlackMembers(Database& db) : db_(db) {}

    void save(const SlackMember& member);  // replaces the earlier answer
    std::optional<SlackMember> find(const std::string& user);
    // Workspace admins who are neither guests nor external, most recently checked first.
    std::vector<std::string> workspace_admins(std::size_t limit);

private:
    Database& db_;
};

}  // namespace ritualbot::storage
