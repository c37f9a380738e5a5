#pragma once
// Where a command acts when it is typed where no crew is. A channel is a crew; a DM with the bot
// (or a slash command typed in any DM) is not, so there the command acts on the person's crew:
// a channel whose captain roster lists them, or the channel where they last used the bot.
// With several, the reply asks which one, with a button per crew that runs the command again
// for that channel (crew_pick_request); with none, it says how to get one.
// Pure logic over storage; no Slack wire JSON beyond the rendered blocks.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "commands/command_table.hpp"

namespace ritualbot::storage {
class Database;
}

namespace ritualbot::commands {

// A Slack DM id (D…): a conversation, never a crew.
bool is_direct_message(std::string_view channel);

// The person's crews: the channel where they last used the bot first, then every channel whose
// roster lists them; channels that left the rituals are left out.
std::vector<std::string> crews_of(storage::Database& db, const std::string& user);

// Notes `request`'s channel as where its user last used the bot (not a DM).
void remember_channel(storage::Database& db, const Request& request, const Clock& clock);
// Whether remember_channel would change anything: a channel other than the one noted.
bool channel_to_remember(storage::Database& db, const Request& request);

// For a request typed in a DM that needs a crew: sets its channel to the person's only crew and
// returns nullopt, or returns the reply that asks which crew (or says none is known). Any other
// request is left as it is (nullopt).
std::optional<Reply> place_in_crew(Request& request, const Resolution& resolution,
                                   storage::Database& db);

// The reply to a command typed in a DM that acted on `crew`: the person gets it privately in
// the DM, and what it announces to the channel (an in_channel reply) is also posted in the
// crew's channel, where the change happened.
Reply reply_from_dm(Reply reply, const std::string& crew);

// The request a crew button carries (its value), for the person who clicked it; nullopt when the
// value is not one of ours.
std::optional<Request> crew_pick_request(std::string_view value, std::string user, std::string team,
                                         std::string trigger_id);

}  // namespace ritualbot::commands
