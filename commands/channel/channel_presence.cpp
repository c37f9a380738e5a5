#include "commands/channel/channel_presence.hpp"

#include "commands/channel/admins.hpp"
#include "commands/channel/audit.hpp"
#include "commands/clock.hpp"
#include "commands/replies.hpp"
#include "storage/outbox.hpp"

namespace ritualbot::commands {
namespace {

constexpr std::string_view kLeftReason = "left with /ritual leave";

// Runs `change` in its own transaction after the checks every presence command shares.
Reply presence_change(const Request& request, const Args& args, Context& context,
                      std::string_view what,
                      const std::function<Reply(storage::Database&, std::int64_t now)>& change) {
    if (!args.tokens.empty()) return usage_error(args, "It takes nothing after it.");
    if (context.db == nullptr) return ephemeral_reply("Leaving and joining need the database.");
    storage::Database& db = *context.db;
    const std::int64_t now = now_ms(context.clock);
    storage::Transaction tx(db);
    if (auto refused = require_admin(context, request, what)) return ephemeral_reply(*refused);
    Reply reply = change(db, now);
    if (reply.visibility == Visibility::in_channel) tx.commit();
    return reply;
}

}  // namespace

bool pause_channel(storage::Database& db, const storage::ChannelPause& pause) {
    if (!storage::ChannelPauses(db).pause(pause)) return false;
    storage::Outbox(db).fail_pending(pause.channel,
                                     std::string("not sent: the channel ").append(pause.reason));
    return true;
}

std::optional<storage::ChannelPause> resume_channel(storage::Database& db,
                                                    const std::string& channel) {
    return storage::ChannelPauses(db).resume(channel);
}

Reply leave_command(const Request& request, const Args& args, Context& context) {
    return presence_change(
        request, args, context, "take the channel out of the rituals",
        [&](storage::Database& db, std::int64_t now) {
            const storage::ChannelPause pause{request.channel_id, std::string(kLeftReason),
                                              request.user_id, now};
            if (!pause_channel(db, pause)) {
                const auto current = storage::ChannelPauses(db).find(request.channel_id);
                return ephemeral_reply(std::string("This channel has left the rituals already (")
                                           .append(escape_mrkdwn(current ? current->reason : ""))
                                           .append("). `/ritual join` brings it back."));
            }
            audit(db, request, "ritual.leave", "", now);
            return channel_reply(
                mention(request.user_id) +
                " took this channel out of every ritual: no more captain change-overs, Friday "
                "rounds or digests are posted here. Nothing is deleted, and whoever runs the "
                "bot can export it (`ritualbot export --channel " +
                request.channel_id +
                "`). To come back, an admin runs `/ritual join` (re-inviting the bot does it "
                "too).");
        });
}

Reply join_command(const Request& request, const Args& args, Context& context) {
    return presence_change(
        request, args, context, "bring the channel back to the rituals",
        [&](storage::Database& db, std::int64_t now) {
            const auto ended = resume_channel(db, request.channel_id);
            if (!ended) {
                return ephemeral_reply("This channel takes part in the rituals already.");
            }
            audit(db, request, "ritual.join", ended->reason, now);
            return channel_reply(mention(request.user_id) +
                                 " brought this channel back: the rituals go on from their next "
                                 "time; what fell while it was away is not posted late.");
        });
}

}  // namespace ritualbot::commands
