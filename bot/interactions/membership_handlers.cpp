#include "bot/interactions/membership_handlers.hpp"

#include "bot/runtime/log.hpp"
#include "bot/slack/payload_fields.hpp"
#include "commands/channel/channel_presence.hpp"
#include "commands/clock.hpp"
#include "commands/command_table.hpp"

namespace ritualbot::bot {
namespace {

using slack::string_at;

slack::HandlerResult pause(const nlohmann::json& event, commands::Context& context) {
    const std::string channel = string_at(event, "channel");
    if (channel.empty()) return {};
    const std::string reason =
        std::string("removed the bot (").append(string_at(event, "type")).append(")");
    const std::string actor = string_at(event, "actor_id");
    if (commands::pause_channel(*context.db, {channel, reason, actor.empty() ? "slack" : actor,
                                              commands::now_ms(context.clock)})) {
        log::warn("channel.paused",
                  {{"channel", channel},
                   {"reason", reason},
                   {"next",
                    "nothing is posted there until the bot is re-invited or an admin "
                    "runs /ritual join; its queued messages are marked failed"}});
    }
    return {};
}

slack::HandlerResult resume(const nlohmann::json& event, commands::Context& context) {
    const std::string channel = string_at(event, "channel");
    if (const auto ended = commands::resume_channel(*context.db, channel)) {
        log::info(
            "channel.resumed",
            {{"channel", channel}, {"reason", "the bot was invited back"}, {"was", ended->reason}});
    }
    return {};
}

}  // namespace

void register_membership_events(slack::EventRouter& router, const std::string& bot_user_id) {
    router.on_event("channel_left", pause);
    router.on_event("group_left", pause);
    router.on_event("channel_joined", resume);
    router.on_event("member_left_channel",
                    [&bot_user_id](const nlohmann::json& event, commands::Context& context) {
                        if (bot_user_id.empty() || string_at(event, "user") != bot_user_id)
                            return slack::HandlerResult{};
                        return pause(event, context);
                    });
    router.on_event("member_joined_channel",
                    [&bot_user_id](const nlohmann::json& event, commands::Context& context) {
                        if (bot_user_id.empty() || string_at(event, "user") != bot_user_id)
                            return slack::HandlerResult{};
                        return resume(event, context);
                    });
}

}  // namespace ritualbot::bot
