#pragma once
// The sandbox workspace: who is in it, which channels it has and which slash commands the app
// declares, plus the hooks through which the emulator reads and moves the sandbox's time.
// Plain values and pure functions; safe from any thread.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace ritualbot::emulator {

// What users.info says a person is: is_owner / is_admin, a member, a guest (is_restricted) or a
// single-channel guest (is_restricted and is_ultra_restricted).
enum class Role { owner, admin, member, guest, single_channel_guest };

struct Person {
    std::string id;          // U…
    std::string name;        // display name, "Ana"
    std::string handle;      // what people type after @, "ana"
    std::string dm_channel;  // D…: this person's direct messages with the bot
    Role role = Role::member;
    std::string team_id{};  // another workspace's (a Slack Connect user); empty: this one's
};

// A user group (@support-captain): usergroups.users.list answers its members.
struct Usergroup {
    std::string id;      // S…
    std::string handle;  // "support-captain"
    std::vector<std::string> members;
};

struct Channel {
    std::string id;    // C…
    std::string name;  // without '#'
};

struct Shortcut {
    std::string callback_id;
    std::string name;  // what a message's menu shows
};

struct Workspace {
    std::string team_id = "T0FAKE";
    std::string team_name = "Sandbox crew";
    std::string bot_user_id = "U0BOT";
    std::string bot_name = "ritualbot";
    std::vector<Person> people;
    std::vector<Channel> channels;
    std::vector<Usergroup> usergroups;
    std::vector<std::string> commands;  // "/captain", from the app manifest
    std::vector<Shortcut> shortcuts;    // the manifest's message shortcuts

    const Person* person(const std::string& id) const;
    const Person* person_by_handle(const std::string& handle) const;  // case-insensitive
    const Person* person_by_dm(const std::string& dm_channel) const;
    const Channel* channel(const std::string& id) const;
    bool has_command(const std::string& command) const;
};

// Five people (Ana, the workspace owner, and the members Ben, Chloé, Dev, Emeka) in
// #support-crew (C0CREW), the user group @support-captain (S0CAPTAIN, Ben in it), and the slash
// commands and message shortcuts of config/slack-app-manifest.json.
Workspace sandbox_workspace();
inline constexpr const char* kCrewChannel = "C0CREW";

// Hooks into the sandbox's injected clock (all called on the emulator's thread).
struct ClockControl {
    std::function<std::int64_t()> now_ms;  // unset: the wall clock
    // Applies "plus_hour", "plus_day", "next_0900", "next_friday_1500", "next_quarter_review";
    // returns false for an unknown action. Unset: the page shows no clock control.
    std::function<bool(const std::string& action)> move;
    std::function<std::string()> zone;  // IANA name the page shows times in; unset: "UTC"
};

// users.info's `user` object for `id`. Ids the workspace does not list (U… or W…) are answered
// as ordinary members of this workspace, as anyone who can type a command in it is.
nlohmann::json users_info_user(const Workspace& workspace, const std::string& id);

// Turns what a person typed into what Slack sends: "@ana" (or "@Ana") becomes "<@U0ANA|ana>"
// in slash-command text (the manifest asks for escaped usernames) and "<@U0ANA>" in messages;
// "@ritualbot" names the bot. &, < and > are escaped first, as Slack does. Unknown @words stay.
std::string slack_text_from_typed(const std::string& typed, const Workspace& workspace,
                                  bool for_command);

}  // namespace ritualbot::emulator
