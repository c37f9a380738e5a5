#pragma once
// What an envelope will ask of the people directory (commands/channel/people.hpp) while it is
// routed: the person acting and the people and user groups their text mentions. Only commands
// that change something (slash commands that are not read-only, and the mentions and DMs that
// run /ritual) need it; everything else is routed at once. Pure functions.

#include "bot/slack/envelope.hpp"

#include <string>
#include <vector>

namespace ritualbot::commands {
class CommandTable;
}

namespace ritualbot::bot::slack {

struct Wanted {
    std::vector<std::string> users;       // U…/W… ids
    std::vector<std::string> usergroups;  // S… ids
    bool empty() const { return users.empty() && usergroups.empty(); }
};

// A command mentions a handful of people; more are not looked up before its ack.
inline constexpr std::size_t kMaxWantedUsers = 10;
inline constexpr std::size_t kMaxWantedUsergroups = 2;

Wanted wanted_for(const Envelope& envelope, const commands::CommandTable& commands);

}  // namespace ritualbot::bot::slack
