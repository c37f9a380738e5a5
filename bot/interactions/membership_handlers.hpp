#pragma once
// Slack telling the bot it was removed from a channel (`channel_left`, `group_left`, or
// `member_left_channel` naming the bot) pauses the channel's rituals, as `/ritual leave` does;
// the bot joining again (`member_joined_channel` naming the bot, or `channel_joined`) resumes
// them. Each change is logged with its reason.

#include "bot/slack/event_router.hpp"

#include <string>

namespace ritualbot::bot {

// `bot_user_id` is read at each event (it is known once auth.test has answered); while it is
// empty, member events cannot be told apart and are ignored, but `channel_left` still pauses.
void register_membership_events(slack::EventRouter& router, const std::string& bot_user_id);

}  // namespace ritualbot::bot
