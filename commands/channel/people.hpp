#pragma once
// Who people are in the Slack workspace, as far as the rituals need to know: whether someone is
// a workspace admin, a guest or from another workspace, who is listed in RITUALBOT_ADMINS, and
// who is in a user group. commands/ cannot call Slack: bot/ implements this over its cache of
// Slack's answers and looks up what a command will need before dispatching it, so every answer
// here is immediate. Called on the thread that runs the command.

#include <optional>
#include <string>
#include <vector>

namespace ritualbot::commands {

struct Member {
    std::string id;
    bool workspace_admin = false;  // owner or admin of the workspace
    bool guest = false;            // multi- or single-channel guest
    bool external = false;         // from another workspace (Slack Connect)

    // Guests and people from other workspaces are never admins, whatever else says so.
    bool may_be_admin() const { return !guest && !external; }
};

class PeopleDirectory {
public:
    // nullopt when Slack has never answered about this person (e.g. it was unreachable).
    virtual std::optional<Member> member(const std::string& user) const = 0;
    // The members of a user group (S…); nullopt when Slack did not answer.
    virtual std::optional<std::vector<std::string>> usergroup_members(
        const std::string& usergroup) const = 0;
    // RITUALBOT_ADMINS, as configured (each still needs may_be_admin()).
    virtual const std::vector<std::string>& listed_admins() const = 0;
    // Workspace admins the bot has seen (most recent first, at most a few): they are named in
    // refusals as people who can help.
    virtual std::vector<std::string> known_workspace_admins() const = 0;

protected:
    ~PeopleDirectory() = default;
};

}  // namespace ritualbot::commands
