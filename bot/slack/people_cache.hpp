#pragma once
// What Slack said about people (users.info) and user groups (usergroups.users.list), served
// to the rituals as their commands::PeopleDirectory. An answer younger than kFreshFor is used
// as it is; an older one is asked again before a command that needs it (people_lookup.hpp),
// and while Slack does not answer the last known answer stands. Members' answers are also kept
// in storage, so a restart during a Slack outage still knows who the admins and guests are.
// Threading: the answers are asked for and recorded on the io thread and read by the rituals
// on the database side (bot/runtime/database_calls.hpp), which on PostgreSQL is another thread:
// the in-memory answers are behind a mutex, `db` is the database side's connection (the stored
// answers are read there) and a member's answer is stored through `save`, which the app runs on
// the database side (by default: saved at once on `db`).

#include "bot/slack/people_wanted.hpp"
#include "commands/channel/people.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace ritualbot::storage {
class Database;
}

namespace ritualbot::bot::slack {

// users.info's `user` object as a Member: workspace admin from is_owner/is_admin, guest from
// is_restricted/is_ultra_restricted, external when is_stranger or its team_id is not
// `bot_team`. nullopt when `user` has no id.
std::optional<commands::Member> member_from_user(const nlohmann::json& user,
                                                 const std::string& bot_team);

class PeopleCache final : public commands::PeopleDirectory {
public:
    using Clock = std::chrono::steady_clock;
    static constexpr std::chrono::minutes kFreshFor{5};
    // After Slack failed to answer about someone, how long their last known answer is used
    // without asking again, so an outage does not slow every command down.
    static constexpr std::chrono::seconds kRetryAfterFailure{30};
    static constexpr std::size_t kNamedWorkspaceAdmins = 3;

    // Stores a member's answer for the next restart (a storage::SlackMember).
    using Save = std::function<void(const commands::Member& member)>;

    PeopleCache(storage::Database& db, std::vector<std::string> listed_admins, Save save = {});

    // From auth.test: people of other teams are external.
    void set_bot_team(std::string team);
    std::string bot_team() const;

    // What of `wanted` has no answer young enough at `now` (and was not just tried in vain).
    Wanted stale(const Wanted& wanted, Clock::time_point now) const;

    void record_user(const commands::Member& member, Clock::time_point now);
    void record_usergroup(const std::string& usergroup, std::vector<std::string> members,
                          Clock::time_point now);
    // Slack did not answer about this user or group (an id starting with S): keep the last
    // answer and do not ask again for kRetryAfterFailure.
    void record_failure(const std::string& id, Clock::time_point now);

    std::optional<commands::Member> member(const std::string& user) const override;
    std::optional<std::vector<std::string>> usergroup_members(
        const std::string& usergroup) const override;
    const std::vector<std::string>& listed_admins() const override { return listed_; }
    std::vector<std::string> known_workspace_admins() const override;

    // Stores a member's answer on `db` without waiting for another process's lock; a failure
    // is logged (only the copy for the next restart is lost).
    static void store(storage::Database& db, const commands::Member& member);

private:
    bool fresh(const std::string& id, Clock::time_point now) const;

    storage::Database& db_;
    std::vector<std::string> listed_;  // never changes
    Save save_;
    mutable std::mutex mutex_;  // for what follows
    std::string bot_team_;
    std::map<std::string, commands::Member> members_;             // answered this run
    std::map<std::string, std::vector<std::string>> usergroups_;  // answered this run
    std::map<std::string, Clock::time_point> fresh_until_;        // users and groups
};

}  // namespace ritualbot::bot::slack
