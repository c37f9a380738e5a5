// The review form's submission: each field checked against its limit, the timeline's lines
// against "HH:MM event", the countermeasures parsed against the playbook; then a new draft
// (announced in the channel) or the draft saved again.

#include "commands/channel/audit.hpp"
#include "commands/channel/channel_config.hpp"
#include "commands/clock.hpp"
#include "commands/incidents/countermeasures.hpp"
#include "commands/incidents/incident_handlers.hpp"
#include "commands/incidents/interactions.hpp"
#include "commands/incidents/review_fields.hpp"
#include "commands/replies.hpp"
#include "commands/suggestions/ballot.hpp"

namespace ritualbot::commands::incidents {
namespace {

// Empty when every line starts with a time of day and says what happened.
std::string timeline_error(std::string_view timeline) {
    const auto lines = lines_of(timeline);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::size_t space = lines[i].find_first_of(" \t");
        const bool has_event = space != std::string::npos && !trim(lines[i].substr(space)).empty();
        if (!has_event || !parse_time_of_day(lines[i].substr(0, space))) {
            return std::string("Line ")
                .append(std::to_string(i + 1))
                .append(
                    " should start with a time on a 24-hour clock, then the event, like "
                    "\"14:05 Pager fired\".");
        }
    }
    return {};
}

std::map<std::string, std::string> check(storage::IncidentFields& fields, storage::Database& db,
                                         const std::string& channel, LocalDate today) {
    std::map<std::string, std::string> errors;
    for (const ReviewField& field : kReviewFields) {
        std::string& value = fields.*field.member;
        value = trim(value);
        const std::string block(field.block_id);
        const std::size_t chars = suggestions::utf8_length(value);
        if (field.required && value.empty()) {
            errors[block] = "Fill this in, even briefly.";
        } else if (chars > field.max_chars) {
            errors[block] = std::string("That is ")
                                .append(std::to_string(chars))
                                .append(" characters; keep it to ")
                                .append(std::to_string(field.max_chars))
                                .append(".");
        }
    }
    const std::string timeline_block(kTimelineField.block_id);
    if (!errors.contains(timeline_block)) {
        if (auto error = timeline_error(fields.timeline); !error.empty()) {
            errors[timeline_block] = std::move(error);
        }
    }
    const std::string measures_block(kCountermeasuresField.block_id);
    if (!errors.contains(measures_block)) {
        const auto measures = parse_countermeasures(db, channel, fields.countermeasures, today);
        if (!measures) errors[measures_block] = measures.error();
    }
    return errors;
}

}  // namespace

FormOutcome submit_review(const ReviewForm& form, Context& context) {
    FormOutcome result;
    if (context.db == nullptr) return result;
    storage::Database& db = *context.db;
    const auto zone = load_channel_config(db, form.channel).zone;
    storage::IncidentFields fields = form.fields;
    result.errors =
        check(fields, db, form.channel, local_date_of(zone, now_seconds(context.clock)));
    if (!result.errors.empty()) return result;

    storage::Transaction tx(db);
    storage::Incidents incidents(db);
    Request by;
    by.channel_id = form.channel;
    by.user_id = form.user;
    if (form.incident_id == 0) {
        storage::Incident incident;
        incident.channel = form.channel;
        incident.fields = fields;
        incident.created_by = form.user;
        incident.created_at = now_ms(context.clock);
        incident.id = incidents.add(incident);
        record_contribution(db, incident.id, form.user, context.clock);
        audit(db, by, "incident.new", numbered(incident.id), now_ms(context.clock));
        tx.commit();
        const std::string number = std::to_string(incident.id);
        result.effects.posts.push_back(
            {form.channel,
             std::string(":memo: ")
                 .append(mention(form.user))
                 .append(" opened the incident review ")
                 .append(label(incident))
                 .append(" (a draft). Add what you saw to its timeline with `/incident note ")
                 .append(number)
                 .append(" TEXT` or the message shortcut \"Add to incident timeline\"; ")
                 .append("`/incident show ")
                 .append(number)
                 .append("` shows it.")});
        return result;
    }
    const auto incident = incidents.find(form.incident_id);
    const std::string title_block(kTitleField.block_id);
    if (!incident || incident->channel != form.channel) {
        result.errors[title_block] = "This incident is no longer in the channel.";
        return result;
    }
    if (!incidents.update_draft(incident->id, fields, now_ms(context.clock))) {
        result.errors[title_block] =
            "It was published while you edited it; a published review stays as it is.";
        return result;
    }
    record_contribution(db, incident->id, form.user, context.clock);
    audit(db, by, "incident.edit", numbered(incident->id), now_ms(context.clock));
    tx.commit();
    storage::Incident saved = *incident;
    saved.fields = fields;
    result.effects.posts.push_back(Post{.channel = form.channel,
                                        .text = std::string("Saved the draft ")
                                                    .append(label(saved))
                                                    .append("; `/incident publish ")
                                                    .append(std::to_string(incident->id))
                                                    .append("` posts it."),
                                        .ephemeral_user = form.user});
    return result;
}

}  // namespace ritualbot::commands::incidents
