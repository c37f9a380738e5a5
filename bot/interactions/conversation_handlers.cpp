#include "bot/interactions/conversation_handlers.hpp"

#include "bot/slack/payload_fields.hpp"
#include "commands/command_table.hpp"

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

slack::HandlerResult answer_in_place(const commands::CommandTable& table,
                                     const nlohmann::json& event, std::string text,
                                     commands::Context& context) {
    const commands::Request request{"/ritual", std::move(text), string_at(event, "channel"),
                                    string_at(event, "user"), string_at(event, "team")};
    commands::Reply reply = table.dispatch(request, context);
    slack::HandlerResult result;
    result.effects = std::move(reply.effects);
    if (!reply.text.empty()) {
        commands::Post answer{request.channel_id, std::move(reply.text)};
        answer.thread_ts = string_at(event, "thread_ts");
        result.effects.posts.insert(result.effects.posts.begin(), std::move(answer));
    }
    return result;
}

}  // namespace

slack::EventHandler make_mention_handler(const commands::CommandTable& commands,
                                         MentionClaim claim) {
    return [&commands, claim = std::move(claim)](const nlohmann::json& event,
                                                 commands::Context& context) {
        std::string text = strip_leading_mention(string_at(event, "text"));
        if (claim) {
            if (auto claimed = claim(event, text, context)) return std::move(*claimed);
        }
        return answer_in_place(commands, event, std::move(text), context);
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

}  // namespace ritualbot::bot
