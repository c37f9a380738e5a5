#pragma once
// Talking to the bot instead of using a slash command: `@ritualbot help` in a channel, or a
// direct message. Both run as `/ritual <text>` and the answer is posted where the person
// asked (in the thread when they asked in one), unless another room claims the mention
// (`@ritualbot import` with a file goes to the ticket upload, ticket_upload.hpp).

#include "bot/slack/event_router.hpp"

#include <functional>
#include <optional>
#include <string_view>

namespace ritualbot::commands {
class CommandTable;
}

namespace ritualbot::bot {

// A mention some other room answers itself (`@ritualbot import` with a file: TicketUploads),
// given the text after the bot's mention; nullopt leaves it to the command table.
using MentionClaim = std::function<std::optional<slack::HandlerResult>(
    const nlohmann::json& event, std::string_view text, commands::Context& context)>;

slack::EventHandler make_mention_handler(const commands::CommandTable& commands,
                                         MentionClaim claim = {});
slack::EventHandler make_direct_message_handler(const commands::CommandTable& commands);

}  // namespace ritualbot::bot
