#pragma once
// Talking to the bot instead of using a slash command: `@ritualbot captain who` in a channel,
// or "captain who" in a direct message. The first word names the command as a slash command's
// name does (CommandTable::request_from_words), and the answer is posted where the person asked
// (in the thread when they asked in one), unless another room claims the mention
// (`@ritualbot import` with a file goes to the ticket upload, ticket_upload.hpp). In a DM the
// command acts on the person's crew (commands/crew_placement.hpp); when they have several, the
// buttons that ask which one come back here (make_crew_pick_handler).

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
// A click on "Run it there": the command runs for that crew and the answer goes to the person's
// DM with the bot.
slack::InteractiveHandler make_crew_pick_handler(const commands::CommandTable& commands);

}  // namespace ritualbot::bot
