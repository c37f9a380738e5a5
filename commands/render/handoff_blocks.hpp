#pragma once
// The captain's change-over post as a handoff: who is captain, the checklist, the outgoing
// captain's note, then what is open and whose it is, one section per kind of open work (each a
// small function, so a new kind is one more line), and who is next.

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "commands/handoff/open_work.hpp"

namespace ritualbot::commands::render {

struct HandoffNote {
    std::string by{};    // Slack user id
    std::string text{};  // mrkdwn, ready to repost
};

struct ChangeoverView {
    std::string headline{};   // mrkdwn: the change-over and who is captain
    std::string checklist{};  // mrkdwn lines
    std::optional<HandoffNote> note{};
    handoff::OpenWork work{};
    std::string next{};  // mrkdwn; empty when nobody is planned next
};

nlohmann::json changeover_blocks(const ChangeoverView& view);

}  // namespace ritualbot::commands::render
