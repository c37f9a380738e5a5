#pragma once
// Talking to the bot instead of using a slash command: `@ritualbot help` in a channel, or a
// direct message. Both run as `/ritual <text>` and the answer is posted where the person
// asked (in the thread when they asked in one); `@ritualbot import` with a file goes to the
// ticket upload instead (ticket_upload.hpp).

#include "bot/slack/event_router.hpp"

namespace ritualbot::commands {
class CommandTable;
}

namespace ritualbot::bot {

class TicketUploads;

slack::EventHandler make_mention_handler(const commands::CommandTable& commands,
                                         TicketUploads& uploads);
slack::EventHandler make_direct_message_handler(const commands::CommandTable& commands);

}  // namespace ritualbot::bot
