#include "bot/slack/people_wanted.hpp"

#include "bot/slack/event_router.hpp"
#include "bot/slack/payload_fields.hpp"
#include "commands/command_table.hpp"
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

}  // namespace

Wanted wanted_for(const Envelope& envelope, const commands::CommandTable& commands) {
    if (envelope.type == EnvelopeType::slash_commands) {
        const commands::Request request = request_from_slash_command(envelope.payload);
        if (commands.resolve(request).read_only()) return {};
        return actor_and_mentions(request.user_id, request.text);
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
