// `/suggest TEXT [#procedure] [anon]` and `/suggest withdraw ID`. The text is kept as Slack
// sent it (escaped, mentions intact); trailing `#procedure` and `anon` words are options, so a
// '#' inside the sentence stays text.

#include "commands/clock.hpp"
#include "commands/playbook/procedure_names.hpp"
#include "commands/render/ids.hpp"
#include "commands/render/modals.hpp"
#include "commands/replies.hpp"
#include "commands/suggestions/ballot.hpp"
#include "commands/suggestions/suggestion_handlers.hpp"

namespace ritualbot::commands::suggestions {

Reply add(const Request& request, const Args& args, Context& context) {
    if (args.tokens.empty()) {
        if (request.trigger_id.empty()) {
            return usage_error(args, "Write the suggestion after `/suggest`.");
        }
        Reply reply = ephemeral_reply("Opening the suggestion form…");
        reply.effects.modals.push_back(
            {request.trigger_id, render::suggestion_view({request.channel_id})});
        return reply;
    }
    bool anonymous = false;
    std::string procedure;
    std::size_t end = args.tokens.size();
    while (end > 0) {
        const Token& token = args.tokens[end - 1];
        const std::string word = to_lower(token.value);
        if (token.kind == TokenKind::word && word == "anon" && !anonymous) {
            anonymous = true;
        } else if (((token.kind == TokenKind::word && word.starts_with('#')) ||
                    token.kind == TokenKind::channel) &&
                   procedure.empty()) {
            // A channel token: Slack turns #name into a channel link when a channel has that name.
            const auto tag = playbook::name_of(token);
            if (!tag) return usage_error(args, playbook::bad_name_message(token.value));
            procedure = *tag;
        } else {
            break;
        }
        --end;
    }
    if (end == 0) return usage_error(args, "Write the suggestion itself, not only its options.");
    const std::size_t begin_at = args.tokens.front().begin;
    const std::string text = request.text.substr(begin_at, args.tokens[end - 1].end - begin_at);
    const std::size_t length = utf8_length(unescape_slack(text));
    if (length > kMaxSuggestionChars) {
        return usage_error(args, "That suggestion is " + std::to_string(length) +
                                     " characters; one takes at most " +
                                     std::to_string(kMaxSuggestionChars) + ".");
    }
    return run_change(context, [&](storage::Database& db) {
        NewSuggestion draft{request.channel_id, request.user_id, text, "", anonymous};
        if (!procedure.empty()) {
            const auto tag = playbook::resolve_tag(db, request.channel_id, procedure);
            if (!tag) return Outcome{false, tag.error(), {}};
            draft.procedure = tag->key;
            draft.procedure_id = tag->linked;
        }
        return add_suggestion(db, draft, now_ms(context.clock));
    });
}

Reply withdraw(const Request& request, const Args& args, Context& context) {
    if (args.tokens.size() != 1) return usage_error(args, "Name one suggestion by its number.");
    const auto id = parse_id(args.tokens.front());
    if (!id) {
        return usage_error(args,
                           '"' + to_mrkdwn(args.tokens.front()) + "\" is not a suggestion number.");
    }
    return run_change(context, [&](storage::Database& db) {
        return withdraw_suggestion(db, request.channel_id, request.user_id, *id,
                                   now_ms(context.clock));
    });
}

}  // namespace ritualbot::commands::suggestions
