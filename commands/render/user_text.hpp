#pragma once
// The one way text a person wrote enters what the bot posts (mrkdwn or Block Kit, code blocks
// included). The input is text as Slack sends it: &, < and > escaped, and mentions, channels
// and links in angle brackets. The output notifies nobody the author could not notify alone:
// - broadcast and group mentions (<!channel>, <!here>, <!everyone>, <!subteam^…>) become plain
//   text ("@channel"), since a repost by the bot would otherwise ping the whole channel;
// - user mentions (<@U…>) become plain text too when the author is hidden (an anonymous
//   suggestion), so nobody can ping people through the bot without a name;
// - a stray &, < or > is escaped, so it cannot open a control sequence or break the markup.
// Channel references and links are kept. Text that never went through Slack (ticket fields
// such as request types) has no mentions to keep: it goes through escape_mrkdwn
// (commands/tokenizer.hpp), which escapes every &, < and >. Pure functions.

#include <string>
#include <string_view>

namespace ritualbot::commands::render {

enum class UserMentions { keep, as_text };

std::string repost_text(std::string_view slack_text, UserMentions users = UserMentions::keep);

}  // namespace ritualbot::commands::render
