#include "commands/suggestions/interactions.hpp"

#include "commands/clock.hpp"
#include "commands/playbook/procedure_names.hpp"
#include "commands/render/ids.hpp"
#include "commands/render/modals.hpp"
#include "commands/suggestions/ballot.hpp"
#include "commands/suggestions/suggestion_handlers.hpp"
#include "commands/suggestions/voting.hpp"
#include "storage/database.hpp"

namespace ritualbot::commands::suggestions {

Effects vote_click(const VoteClick& click, Context& context) {
    std::int64_t round_id = 0;
    std::int64_t suggestion_id = 0;
    if (context.db == nullptr || click.channel.empty() || click.user.empty() ||
        !parse_vote_value(click.value, round_id, suggestion_id)) {
        Effects effects;
        if (!click.channel.empty() && !click.user.empty()) {
            effects.posts.push_back(Post{.channel = click.channel,
                                         .text = "That button is not a ballot I know.",
                                         .ephemeral_user = click.user});
        }
        return effects;
    }
    // A second delivery of the same click is not applied again: bot/ records each click
    // (channel, person, action_ts) before it routes it, in the transaction this one nests in.
    storage::Transaction tx(*context.db);
    Outcome outcome = toggle_vote(*context.db, click.channel, click.user, round_id, suggestion_id,
                                  now_ms(context.clock));
    tx.commit();
    return std::move(outcome.effects);
}

FormOutcome submit_form(const SuggestionForm& form, Context& context) {
    FormOutcome result;
    const std::string text = trim(form.text);
    const std::string procedure_text = trim(form.procedure);
    if (text.empty()) {
        result.errors[std::string(kTextBlock)] = "Please write a suggestion.";
    } else if (utf8_length(text) > kMaxSuggestionChars) {
        result.errors[std::string(kTextBlock)] = "That is " + std::to_string(utf8_length(text)) +
                                                 " characters; a suggestion takes at "
                                                 "most " +
                                                 std::to_string(kMaxSuggestionChars) + ".";
    }
    const auto procedure = playbook::parse_name(procedure_text);
    if (!procedure_text.empty() && !procedure) {
        result.errors[std::string(kProcedureBlock)] =
            "A procedure tag is one word: letters, digits, - _ . / (at most 60).";
    }
    if (form.channel.empty() && result.errors.empty()) {
        result.errors[std::string(kTextBlock)] =
            "I lost track of the channel; please start again with /suggest there.";
    }
    if (!result.errors.empty() || context.db == nullptr) return result;

    storage::Transaction tx(*context.db);
    NewSuggestion draft{form.channel, form.user, escape_mrkdwn(text), "", form.anonymous};
    if (procedure) {
        const auto tag = playbook::resolve_tag(*context.db, form.channel, *procedure);
        if (!tag) {
            result.errors[std::string(kProcedureBlock)] = tag.error();
            return result;
        }
        draft.procedure = tag->key;
        draft.procedure_id = tag->linked;
    }
    Outcome outcome = add_suggestion(*context.db, draft, now_ms(context.clock));
    tx.commit();
    result.effects = std::move(outcome.effects);
    result.effects.posts.push_back(
        Post{.channel = form.channel, .text = outcome.message, .ephemeral_user = form.user});
    return result;
}

Effects form_from_message(const std::string& trigger_id, const std::string& channel,
                          const std::string& message_text) {
    Effects effects;
    if (trigger_id.empty()) return effects;
    effects.modals.push_back(
        {trigger_id, render::suggestion_view({channel, unescape_slack(message_text)})});
    return effects;
}

}  // namespace ritualbot::commands::suggestions
