#pragma once
// Slack's answers about people, as bot/'s cache gives them to the rituals: everyone is an
// ordinary member of the workspace unless a test says otherwise, and U1 is listed in
// RITUALBOT_ADMINS (so U1 is the crew's admin, as a deployment would set it up).

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "commands/channel/people.hpp"

namespace ritualbot::test {

struct TestPeople final : commands::PeopleDirectory {
    std::map<std::string, commands::Member> roles;  // anyone not here is a plain member
    std::set<std::string> unanswered;               // Slack never answered about these
    std::map<std::string, std::vector<std::string>> usergroups;
    std::vector<std::string> listed{"U1"};

    void set(const std::string& user, bool workspace_admin, bool guest = false,
             bool external = false) {
        roles[user] = {user, workspace_admin, guest, external};
    }

    std::optional<commands::Member> member(const std::string& user) const override {
        if (unanswered.contains(user)) return std::nullopt;
        const auto it = roles.find(user);
        return it != roles.end() ? it->second : commands::Member{user};
    }
    std::optional<std::vector<std::string>> usergroup_members(
        const std::string& usergroup) const override {
        const auto it = usergroups.find(usergroup);
        if (it == usergroups.end()) return std::nullopt;
        return it->second;
    }
    const std::vector<std::string>& listed_admins() const override { return listed; }
    std::vector<std::string> known_workspace_admins() const override {
        std::vector<std::string> admins;
        for (const auto& [id, member] : roles)
            if (member.workspace_admin && member.may_be_admin()) admins.push_back(id);
        return admins;
    }
};

}  // namespace ritualbot::test
