#include "commands/playbook/interactions.hpp"

#include "commands/channel/audit.hpp"
#include "commands/clock.hpp"
#include "commands/playbook/procedure_names.hpp"
#include "commands/render/ids.hpp"
#include "commands/suggestions/ballot.hpp"
#include "commands/tokenizer.hpp"
#include "storage/customer_voices.hpp"
#include "storage/procedures.hpp"

namespace ritualbot::commands::playbook {

std::vector<render::ProcedureChoice> procedure_choices(storage::Database& db,
                                                       const std::string& channel) {
    std::vector<render::ProcedureChoice> choices;
    for (const auto& p : storage::Procedures(db).active(channel)) choices.push_back({p.id, p.name});
    return choices;
}

Effects voice_from_message(const VoiceShortcut& shortcut, Context& context) {
    Effects effects;
    if (shortcut.trigger_id.empty() || shortcut.channel.empty() || context.db == nullptr) {
        return effects;
    }
    auto choices = procedure_choices(*context.db, shortcut.channel);
    if (choices.empty()) {
        effects.posts.push_back(
            Post{.channel = shortcut.channel,
                 .text = "This channel's playbook has no procedure yet to keep customer voice "
                         "with: `/playbook add NAME` adds one.",
                 .ephemeral_user = shortcut.user});
        return effects;
    }
    effects.modals.push_back(
        {shortcut.trigger_id,
         render::voice_view({shortcut.channel, shortcut.permalink,
                             unescape_slack(shortcut.message_text), std::move(choices)})});
    return effects;
}

FormOutcome submit_voice(const VoiceForm& form, Context& context) {
    FormOutcome result;
    const std::string text = trim(form.text);
    const std::size_t chars = suggestions::utf8_length(text);
    if (text.empty()) {
        result.errors[std::string(kVoiceTextBlock)] = "Keep at least a few words.";
    } else if (chars > kMaxVoiceChars) {
        result.errors[std::string(kVoiceTextBlock)] =
            std::string("That is ") + std::to_string(chars) +
            " characters; keep the heart of it, at most " + std::to_string(kMaxVoiceChars) + ".";
    }
    if (form.procedure.empty()) {
        result.errors[std::string(kVoiceProcedureBlock)] = "Pick the procedure it concerns.";
    }
    if (!result.errors.empty() || context.db == nullptr) return result;

    storage::Transaction tx(*context.db);
    const auto procedure = find_procedure_by_id(*context.db, form.channel, form.procedure);
    if (!procedure) {
        result.errors[std::string(kVoiceProcedureBlock)] =
            "That procedure is no longer in this channel's playbook; pick another.";
        return result;
    }
    storage::CustomerVoices(*context.db)
        .add({0, form.channel, procedure->id, text, form.permalink, form.user, now_ms(context.clock)});
    Request by;
    by.channel_id = form.channel;
    by.user_id = form.user;
    audit(*context.db, by, "playbook.voice",
          procedure->name + ": " + std::to_string(chars) + " characters", now_ms(context.clock));
    tx.commit();
    result.effects.posts.push_back(
        Post{.channel = form.channel,
             .text = std::string("Kept as customer voice of `")
                         .append(escape_mrkdwn(procedure->name))
                         .append("`; `/playbook show ")
                         .append(escape_mrkdwn(procedure->name))
                         .append("` shows it."),
             .ephemeral_user = form.user});
    return result;
}

}  // namespace ritualbot::commands::playbook
