#include "bot/slack/people_cache.hpp"

#include "bot/runtime/log.hpp"
#include "bot/runtime/wall_clock.hpp"
#include "bot/slack/payload_fields.hpp"
#include "storage/database.hpp"
#include "storage/slack_members.hpp"

#include <exception>

namespace ritualbot::bot::slack {
namespace {

bool flag(const nlohmann::json& user, const char* key) {
    const auto it = user.find(key);
    return it != user.end() && it->is_boolean() && it->get<bool>();
}

}  // namespace

std::optional<commands::Member> member_from_user(const nlohmann::json& user,
                                                 const std::string& bot_team) {
    if (!user.is_object()) return std::nullopt;
    commands::Member member;
    member.id = string_at(user, "id");
    if (member.id.empty()) return std::nullopt;
    member.workspace_admin = flag(user, "is_owner") || flag(user, "is_admin");
    member.guest = flag(user, "is_restricted") || flag(user, "is_ultra_restricted");
    const std::string team = string_at(user, "team_id");
    member.external = flag(user, "is_stranger") || (!bot_team.empty() && team != bot_team);
    return member;
}

PeopleCache::PeopleCache(storage::Database& db, std::vector<std::string> listed_admins, Save save)
    : db_(db), listed_(std::move(listed_admins)), save_(std::move(save)) {
    if (!save_) save_ = [&db](const commands::Member& member) { store(db, member); };
}

void PeopleCache::set_bot_team(std::string team) {
    const std::lock_guard lock(mutex_);
    bot_team_ = std::move(team);
}

std::string PeopleCache::bot_team() const {
    const std::lock_guard lock(mutex_);
    return bot_team_;
}

bool PeopleCache::fresh(const std::string& id, Clock::time_point now) const {
    const auto it = fresh_until_.find(id);
    return it != fresh_until_.end() && now < it->second;
}

Wanted PeopleCache::stale(const Wanted& wanted, Clock::time_point now) const {
    Wanted out;
    if (wanted.empty()) return out;
    const std::lock_guard lock(mutex_);
    for (const std::string& user : wanted.users)
        if (!fresh(user, now)) out.users.push_back(user);
    for (const std::string& group : wanted.usergroups)
        if (!fresh(group, now)) out.usergroups.push_back(group);
    return out;
}

void PeopleCache::record_user(const commands::Member& member, Clock::time_point now) {
    {
        const std::lock_guard lock(mutex_);
        members_[member.id] = member;
        fresh_until_[member.id] = now + kFreshFor;
    }
    save_(member);
}

void PeopleCache::store(storage::Database& db, const commands::Member& member) {
    try {
        // On SQLite on the io thread, which acks every envelope (on PostgreSQL on the database
        // thread, which routes them): never wait for another process's lock.
        const storage::NoLockWait no_wait(db);
        storage::SlackMembers(db).save(
            {member.id, member.workspace_admin, member.guest, member.external, wall_clock_ms()});
    } catch (const std::exception& e) {
        // Only the copy for the next restart is lost; this run keeps the answer in memory.
        log::warn("people.save_failed", {{"user", member.id}, {"error", e.what()}});
    }
}

void PeopleCache::record_usergroup(const std::string& usergroup, std::vector<std::string> members,
                                   Clock::time_point now) {
    const std::lock_guard lock(mutex_);
    usergroups_[usergroup] = std::move(members);
    fresh_until_[usergroup] = now + kFreshFor;
}

void PeopleCache::record_failure(const std::string& id, Clock::time_point now) {
    const std::lock_guard lock(mutex_);
    fresh_until_[id] = now + kRetryAfterFailure;
}

std::optional<commands::Member> PeopleCache::member(const std::string& user) const {
    {
        const std::lock_guard lock(mutex_);
        if (const auto it = members_.find(user); it != members_.end()) return it->second;
    }
    const auto stored = storage::SlackMembers(db_).find(user);
    if (!stored) return std::nullopt;
    return commands::Member{stored->user, stored->workspace_admin, stored->guest, stored->external};
}

std::optional<std::vector<std::string>> PeopleCache::usergroup_members(
    const std::string& usergroup) const {
    const std::lock_guard lock(mutex_);
    const auto it = usergroups_.find(usergroup);
    if (it == usergroups_.end()) return std::nullopt;
    return it->second;
}

std::vector<std::string> PeopleCache::known_workspace_admins() const {
    return storage::SlackMembers(db_).workspace_admins(kNamedWorkspaceAdmins);
}

}  // namespace ritualbot::bot::slack
