// Adding to an incident's timeline: `/incident note ID TEXT`, and the "Add to incident
// timeline" message shortcut (straight to the channel's one open incident, or through a form
// that asks which). A note keeps its words, who said them, when, and the message's link; who
// added it counts as a contributor. A published review takes no more notes.

#include "commands/channel/audit.hpp"
#include "commands/channel/channel_config.hpp"
#include "commands/clock.hpp"
#include "commands/incidents/incident_handlers.hpp"
#include "commands/incidents/interactions.hpp"
#include "commands/render/ids.hpp"
#include "commands/render/incident_modals.hpp"
#include "commands/replies.hpp"
#include "commands/suggestions/ballot.hpp"

namespace ritualbot::commands::incidents {
namespace {

// Empty when the note's text (as Slack sent it) is usable, else what is wrong.
std::string note_text_error(std::string_view slack_text) {
    const std::size_t chars = suggestions::utf8_length(unescape_slack(slack_text));
    if (trim(slack_text).empty()) return "Write what happened.";
    if (chars > kMaxNoteChars) {
        return std::string("That note is ")
            .append(std::to_string(chars))
            .append(" characters; keep it to ")
            .append(std::to_string(kMaxNoteChars))
            .append(".");
    }
    return {};
}

// Adds the note to the draft and records its contributor; the confirmation for the person.
std::string add_note(storage::Database& db, const storage::Incident& incident,
                     storage::IncidentNote note, const Clock& clock) {
    const auto zone = load_channel_config(db, incident.channel).zone;
    note.incident_id = incident.id;
    note.local_time = local_time_of(zone, from_unix_ms(note.at));
    storage::Incidents(db).add_note(note);
    record_contribution(db, incident.id, note.added_by, clock);
    Request by;
    by.channel_id = incident.channel;
    by.user_id = note.added_by;
    audit(db, by, "incident.note", numbered(incident.id), now_ms(clock));
    return std::string("Added to the timeline of ")
        .append(label(incident))
        .append(" at ")
        .append(note.local_time)
        .append(".");
}

Post private_post(const std::string& channel, const std::string& user, std::string text) {
    return Post{.channel = channel, .text = std::move(text), .ephemeral_user = user};
}

}  // namespace

Reply note(const Request& request, const Args& args, Context& context) {
    if (args.tokens.size() < 2) return usage_error(args, "Name the incident, then the note.");
    const std::string text =
        trim(std::string_view(request.text)
                 .substr(std::min(args.tokens.front().end, request.text.size())));
    if (auto error = note_text_error(text); !error.empty()) return usage_error(args, error);
    if (context.db == nullptr) return no_database();
    storage::Database& db = *context.db;
    storage::Transaction tx(db);
    const auto incident = find_incident(db, request.channel_id, args.tokens.front());
    if (!incident) return usage_error(args, incident.error());
    if (incident->published) {
        return ephemeral_reply(
            published_refusal(*incident, load_channel_config(db, request.channel_id).zone));
    }
    storage::IncidentNote entry;
    entry.text = text;
    entry.author = request.user_id;
    entry.added_by = request.user_id;
    entry.at = now_ms(context.clock);
    std::string confirmation = add_note(db, *incident, std::move(entry), context.clock);
    tx.commit();
    return ephemeral_reply(std::move(confirmation));
}

Effects note_from_message(const NoteShortcut& shortcut, Context& context) {
    Effects effects;
    if (shortcut.channel.empty() || context.db == nullptr) return effects;
    storage::Database& db = *context.db;
    const auto drafts = storage::Incidents(db).drafts(shortcut.channel);
    const std::string author = shortcut.author.empty() ? shortcut.user : shortcut.author;
    if (drafts.empty()) {
        effects.posts.push_back(private_post(
            shortcut.channel, shortcut.user,
            "No incident review is open in this channel; `/incident new TITLE` starts one."));
        return effects;
    }
    if (const auto error = note_text_error(shortcut.message_text);
        drafts.size() == 1 && error.empty()) {
        storage::Transaction tx(db);
        std::string confirmation = add_note(db, drafts.front(),
                                            {0, 0, shortcut.message_text, author, shortcut.user, "",
                                             shortcut.permalink, shortcut.said_at},
                                            context.clock);
        tx.commit();
        effects.posts.push_back(
            private_post(shortcut.channel, shortcut.user, std::move(confirmation)));
        return effects;
    }
    if (shortcut.trigger_id.empty()) return effects;
    render::NoteModal modal{shortcut.channel,
                            shortcut.permalink,
                            author,
                            shortcut.said_at,
                            unescape_slack(shortcut.message_text),
                            {}};
    for (const auto& draft : drafts) modal.incidents.push_back({draft.id, draft.fields.title});
    effects.modals.push_back({shortcut.trigger_id, render::note_view(modal)});
    return effects;
}

FormOutcome submit_note(const NoteForm& form, Context& context) {
    FormOutcome result;
    const std::string text = escape_mrkdwn(trim(form.text));
    if (auto error = note_text_error(text); !error.empty()) {
        result.errors[std::string(kNoteTextBlock)] = std::move(error);
    }
    if (form.incident.empty()) result.errors[std::string(kNoteIncidentBlock)] = "Pick an incident.";
    if (!result.errors.empty() || context.db == nullptr) return result;
    storage::Database& db = *context.db;
    storage::Transaction tx(db);
    Token token;
    token.value = form.incident;
    const auto incident = find_incident(db, form.channel, token);
    if (!incident || incident->published) {
        result.errors[std::string(kNoteIncidentBlock)] =
            "That incident is no longer open for notes; pick another.";
        return result;
    }
    std::string confirmation = add_note(
        db, *incident, {0, 0, text, form.author, form.user, "", form.permalink, form.said_at},
        context.clock);
    tx.commit();
    result.effects.posts.push_back(private_post(form.channel, form.user, std::move(confirmation)));
    return result;
}

}  // namespace ritualbot::commands::incidents
