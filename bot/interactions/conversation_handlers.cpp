#include "bot/interactions/conversation_handlers.hpp"

#include "bot/runtime/log.hpp"
#include "bot/slack/payload_fields.hpp"
#include "commands/command_table.hpp"
#include "commands/crew_placement.hpp"

namespace ritualbot::bot {
namespace {

using slack::string_at;

// "<@U0BOT> help me" -> "help me"; the bot's own mention is how Slack addresses it.
std::string strip_leading_mention(const std::string& text) {
    std::size_t start = text.find_first_not_of(' ');
    if (start == std::string::npos) return {};
    if (text.compare(start, 2, "<@") == 0) {
        const std::size_t close = text.find('>', start);
        if (close != std::string::npos) start = close + 1;
    }
    start = text.find_first_not_of(' ', start);
    return start == std::string::npos ? std::string() : text.substr(start);
}

// The reply as a post in `channel` (first, before the command's own posts).
slack::HandlerResult post_reply(commands::Reply reply, std::string channel, std::string thread_ts) {
    slack::HandlerResult result;
    result.effects = std::move(reply.effects);
    if (!reply.text.empty()) {
        commands::Post answer{std::move(channel), std::move(reply.text)};
        answer.thread_ts = std::move(thread_ts);
        answer.blocks = std::move(reply.blocks);
        result.effects.posts.insert(result.effects.posts.begin(), std::move(answer));
    }
    return result;
}

slack::HandlerResult answer_in_place(const commands::CommandTable& table,
                                     const nlohmann::json& event, std::string_view words,
                                     commands::Context& context) {
    const std::string asked_in = string_at(event, "channel");
    commands::Request request = table.request_from_words(
        words, {{}, {}, asked_in, string_at(event, "user"), string_at(event, "team")});
    commands::remember_channel(*context.db, request, context.clock);
    commands::Resolution resolution = table.resolve(request);
    std::optional<commands::Reply> reply =
        commands::place_in_crew(request, resolution, *context.db);
    if (!reply) {
        reply = table.dispatch(std::move(resolution), request, context);
        if (request.channel_id != asked_in)
            reply = commands::reply_from_dm(std::move(*reply), request.channel_id);
    }
    return post_reply(std::move(*reply), asked_in, string_at(event, "thread_ts"));
}

}  // namespace

slack::EventHandler make_mention_handler(const commands::CommandTable& commands,
                                         MentionClaim claim) {
    return [&commands, claim = std::move(claim)](const nlohmann::json& event,
                                                 commands::Context& context) {
        const std::string text = strip_leading_mention(string_at(event, "text"));
        if (claim) {
            if (auto claimed = claim(event, text, context)) return std::move(*claimed);
        }
        return answer_in_place(commands, event, text, context);
    };
}

slack::EventHandler make_direct_message_handler(const commands::CommandTable& commands) {
    return [&commands](const nlohmann::json& event, commands::Context& context) {
        // Only people's messages in a DM: never our own posts (that would loop), never edits
        // or joins (subtypes).
        if (string_at(event, "channel_type") != "im" || event.contains("bot_id") ||
            event.contains("subtype") || string_at(event, "user").empty()) {
            return slack::HandlerResult{};
        }
        return answer_in_place(commands, event, strip_leading_mention(string_at(event, "text")),
                               context);
    };
}

slack::InteractiveHandler make_crew_pick_handler(const commands::CommandTable& commands) {
    return [&commands](const nlohmann::json& payload, commands::Context& context) {
        const std::string user = string_at(payload, "/user/id"_json_pointer);
        const std::optional<commands::Request> request = commands::crew_pick_request(
            string_at(payload, "/actions/0/value"_json_pointer), user,
            string_at(payload, "/team/id"_json_pointer), string_at(payload, "trigger_id"));
        if (!request || user.empty()) {
            log::warn("crew_pick.unreadable", {{"user", user}, {"next", "ignored"}});
            return slack::HandlerResult{};
        }
        commands::Reply reply =
            commands::reply_from_dm(commands.dispatch(*request, context), request->channel_id);
        // Posting to the user's id lands in their DM with the bot, wherever the button was.
        return post_reply(std::move(reply), user, {});
    };
}

}  // namespace ritualbot::bot
