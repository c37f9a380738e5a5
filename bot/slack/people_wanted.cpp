#include "bot/slack/people_wanted.hpp"

#include "bot/slack/event_router.hpp"
#include "bot/slack/payload_fields.hpp"
#include "commands/command_table.hpp"
#include "commands/crew_placement.hpp"
#include "commands/render/ids.hpp"
#include "commands/tokenizer.hpp"

#include <algorithm>

namespace ritualbot::bot::slack {
namespace {

void add_once(std::vector<std::string>& ids, const std::string& id, std::size_t limit) {
    if (!id.empty() && ids.size() < limit && std::find(ids.begin(), ids.end(), id) == ids.end())
        ids.push_back(id);
}

Wanted actor_and_mentions(const std::string& user, const std::string& text) {
    Wanted wanted;
    add_once(wanted.users, user, kMaxWantedUsers);
    const auto tokens = commands::tokenize(text);
    if (!tokens) return wanted;
    for (const commands::Token& token : *tokens) {
        if (token.kind == commands::TokenKind::user)
            add_once(wanted.users, token.value, kMaxWantedUsers);
        if (token.kind == commands::TokenKind::usergroup)
            add_once(wanted.usergroups, token.value, kMaxWantedUsergroups);
    }
    return wanted;
}

// The people a command needs known: none for one that only reads.
Wanted wanted_by_command(const commands::Request& request, const commands::CommandTable& commands) {
    if (commands.resolve(request).read_only()) return {};
    return actor_and_mentions(request.user_id, request.text);
}

}  // namespace

Wanted wanted_for(const Envelope& envelope, const commands::CommandTable& commands) {
    if (envelope.type == EnvelopeType::slash_commands)
        return wanted_by_command(envelope.command, commands);
    if (envelope.type == EnvelopeType::interactive &&
        string_at(envelope.payload, "/actions/0/action_id"_json_pointer) ==
            commands::kCrewPickAction) {
        // "Run it there" runs the command typed in a DM.
        const auto request = commands::crew_pick_request(
            string_at(envelope.payload, "/actions/0/value"_json_pointer),
            string_at(envelope.payload, "/user/id"_json_pointer), {}, {});
        return request ? wanted_by_command(*request, commands) : Wanted{};
    }
    if (envelope.type == EnvelopeType::events_api) {
        const auto event = envelope.payload.find("event");
        if (event == envelope.payload.end() || !event->is_object()) return {};
        const std::string type = string_at(*event, "type");
        const bool runs_commands =
            type == "app_mention" ||
            (type == "message" && string_at(*event, "channel_type") == "im" &&
             !event->contains("bot_id") && !event->contains("subtype"));
        if (!runs_commands) return {};
        return actor_and_mentions(string_at(*event, "user"), string_at(*event, "text"));
    }
    return {};
}

}  // namespace ritualbot::bot::slack
