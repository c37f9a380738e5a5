// `/incident publish ID [#channel]`: by the incident's creator, the captain on duty or an admin.
// The review goes to the crew's channel (and the one named) as Block Kit, thanking who
// contributed except those who asked not to be named, and each countermeasure becomes an
// improvement like a Friday winner: a suggestion won without a vote, with its owner, due date
// and procedure, followed with `/suggest status|assign|done`.

#include "commands/captain/captain_plan.hpp"
#include "commands/channel/admins.hpp"
#include "commands/channel/audit.hpp"
#include "commands/channel/channel_config.hpp"
#include "commands/clock.hpp"
#include "commands/incidents/countermeasures.hpp"
#include "commands/incidents/incident_handlers.hpp"
#include "commands/replies.hpp"
#include "storage/suggestions.hpp"
#include "storage/suggestions_improvements.hpp"
#include "storage/suggestions_settings.hpp"

namespace ritualbot::commands::incidents {
namespace {

bool is_captain_on_duty(storage::Database& db, const std::string& channel, const std::string& user,
                        const Clock& clock) {
    const Projection projection = CaptainPlan::load(db, channel).project(now_seconds(clock), 0);
    if (!projection.current) return false;
    const auto& pick = projection.shifts[*projection.current].pick;
    return pick && pick->user == user;
}

// Each countermeasure as an improvement, in line order.
void add_improvements(storage::Database& db, const storage::Incident& incident,
                      const std::vector<Countermeasure>& measures, LocalDate today,
                      std::int64_t now) {
    if (measures.empty()) return;
    const auto round = storage::SuggestionRounds(db).collecting(incident.channel, now);
    const int due_days = storage::SuggestionSettingsStore(db).get(incident.channel).due_days;
    for (const Countermeasure& measure : measures) {
        storage::Suggestion suggestion;
        suggestion.channel = incident.channel;
        suggestion.round_id = round.id;
        suggestion.author = incident.created_by;
        suggestion.text = escape_mrkdwn(measure.text);
        if (measure.procedure) {
            suggestion.procedure = measure.procedure->name_key;
            suggestion.procedure_id = measure.procedure->id;
        }
        suggestion.state = storage::SuggestionState::won;
        suggestion.created_at = now;
        suggestion.incident_id = incident.id;
        storage::Improvement improvement;
        improvement.suggestion_id = storage::Suggestions(db).add(suggestion);
        improvement.channel = incident.channel;
        improvement.owner = measure.owner;
        improvement.due_date = format_date(measure.due.value_or(today + date::days{due_days}));
        improvement.created_at = now;
        storage::Improvements(db).add(improvement);
    }
}

std::vector<std::string> people_to_thank(storage::Database& db, std::int64_t incident_id) {
    std::vector<std::string> thanked;
    storage::MemberPreferences preferences(db);
    for (const std::string& user : storage::Incidents(db).contributors(incident_id)) {
        if (preferences.thanks(user)) thanked.push_back(user);
    }
    return thanked;
}

}  // namespace

Reply publish(const Request& request, const Args& args, Context& context) {
    const auto& t = args.tokens;
    if (t.empty() || t.size() > 2 || (t.size() == 2 && t[1].kind != TokenKind::channel)) {
        return usage_error(args, "Name the incident, and optionally one more #channel to post to.");
    }
    if (context.db == nullptr) return no_database();
    storage::Database& db = *context.db;
    storage::Transaction tx(db);
    const auto incident = find_incident(db, request.channel_id, t.front());
    if (!incident) return usage_error(args, incident.error());
    const auto zone = load_channel_config(db, request.channel_id).zone;
    if (incident->published) return ephemeral_reply(published_refusal(*incident, zone));
    if (incident->created_by != request.user_id &&
        !is_captain_on_duty(db, request.channel_id, request.user_id, context.clock)) {
        const std::string what = std::string("publish ")
                                     .append(label(*incident))
                                     .append(" (its creator ")
                                     .append(mention(incident->created_by))
                                     .append(" and the captain on duty can too)");
        if (auto refused = require_admin(context, request, what)) return ephemeral_reply(*refused);
    }
    const LocalDate today = local_date_of(zone, now_seconds(context.clock));
    const auto measures =
        parse_countermeasures(db, request.channel_id, incident->fields.countermeasures, today);
    if (!measures) {
        return ephemeral_reply(std::string("Countermeasures: ")
                                   .append(measures.error())
                                   .append(" Fix it with `/incident edit ")
                                   .append(std::to_string(incident->id))
                                   .append("`, then publish."));
    }
    const std::int64_t now = now_ms(context.clock);
    add_improvements(db, *incident, *measures, today, now);
    storage::Incidents(db).publish(incident->id, request.user_id, now);
    audit(db, request, "incident.publish",
          numbered(incident->id)
              .append(" ")
              .append(std::to_string(measures->size()))
              .append(" countermeasure(s)"),
          now);
    render::IncidentSummary summary =
        summary_of(db, *storage::Incidents(db).find(incident->id), zone);
    summary.thanked = people_to_thank(db, incident->id);
    tx.commit();

    Reply reply = ephemeral_reply(std::string("Published ").append(label(*incident)).append("."));
    std::vector<std::string> channels = {request.channel_id};
    if (t.size() == 2 && t[1].value != request.channel_id) channels.push_back(t[1].value);
    for (const std::string& channel : channels) {
        reply.effects.posts.push_back(
            {channel, render::incident_text(summary), "", render::incident_blocks(summary)});
    }
    if (!measures->empty()) {
        reply.text.append(" Its ")
            .append(std::to_string(measures->size()))
            .append(" countermeasure(s) are improvements now: `/suggest status` follows them.");
    }
    return reply;
}

}  // namespace ritualbot::commands::incidents
