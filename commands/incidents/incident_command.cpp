#include "commands/incidents/incident_command.hpp"

#include <limits>

#include "commands/channel/channel_config.hpp"
#include "commands/clock.hpp"
#include "commands/incidents/countermeasures.hpp"
#include "commands/incidents/incident_handlers.hpp"
#include "commands/incidents/review_fields.hpp"
#include "commands/render/incident_modals.hpp"
#include "commands/replies.hpp"
#include "commands/suggestions/ballot.hpp"
#include "storage/procedures.hpp"
#include "storage/suggestions.hpp"
#include "storage/suggestions_improvements.hpp"

namespace ritualbot::commands {
namespace incidents {
namespace {

constexpr std::size_t kListLimit = 20;
constexpr std::size_t kMaxListBytes = 3900;

std::string day_of(const date::time_zone* zone, std::int64_t ms) {
    return format_day(local_date_of(zone, from_unix_ms(ms)));
}

std::string improvement_line(storage::Database& db, std::int64_t id) {
    const auto suggestion = storage::Suggestions(db).find(id);
    const auto improvement = storage::Improvements(db).find(id);
    if (!suggestion || !improvement) return numbered(id);
    std::string line =
        std::string("*#")
            .append(std::to_string(id))
            .append("* ")
            .append(suggestion->text)
            .append(" — owner ")
            .append(improvement->owner.empty() ? "nobody yet" : mention(improvement->owner));
    if (const auto due = parse_iso_date(improvement->due_date)) {
        line.append(", due ").append(format_day(*due));
    }
    if (improvement->done_at != 0) line.append(", done ").append(improvement->done_date);
    if (suggestion->procedure_id) {
        if (const auto p = storage::Procedures(db).find(*suggestion->procedure_id)) {
            line.append(", `").append(escape_mrkdwn(p->name)).append("`");
        }
    }
    return line;
}

// Opens the review form for `modal`, or says why it cannot from here.
Reply open_form(const Request& request, render::ReviewModal modal, std::string opening) {
    if (request.trigger_id.empty()) {
        return ephemeral_reply(
            "The review form opens from the `/incident` slash command; type it "
            "in the crew's channel.");
    }
    Reply reply = ephemeral_reply(std::move(opening));
    reply.effects.modals.push_back({request.trigger_id, render::review_view(modal)});
    return reply;
}

}  // namespace

Reply no_database() {
    return ephemeral_reply("Incident reviews need the database.");
}

Result<storage::Incident> find_incident(storage::Database& db, const std::string& channel,
                                        const Token& token) {
    std::string_view text = token.value;
    if (text.starts_with('#')) text.remove_prefix(1);
    const auto id = parse_int(text, 1, std::numeric_limits<int>::max());
    if (token.kind != TokenKind::word || !id) {
        return Error{std::string("\"")
                         .append(to_mrkdwn(token))
                         .append("\" is not an incident number; `/incident list` shows them.")};
    }
    auto incident = storage::Incidents(db).find(*id);
    if (!incident || incident->channel != channel) {
        return Error{std::string("There is no incident #")
                         .append(std::to_string(*id))
                         .append(" in this channel; `/incident list` shows them.")};
    }
    return std::move(*incident);
}

std::string numbered(std::int64_t id) {
    return std::string("#").append(std::to_string(id));
}

std::string label(const storage::Incident& incident) {
    return numbered(incident.id)
        .append(" *")
        .append(escape_mrkdwn(incident.fields.title))
        .append("*");
}

std::string local_time_of(const date::time_zone* zone, std::chrono::sys_seconds instant) {
    const auto local = date::make_zoned(zone, instant).get_local_time();
    const auto minutes =
        std::chrono::floor<std::chrono::minutes>(local - std::chrono::floor<date::days>(local));
    return format_time_of_day(minutes);
}

std::string published_refusal(const storage::Incident& incident, const date::time_zone* zone) {
    return std::string("Incident ")
        .append(label(incident))
        .append(" was published on ")
        .append(day_of(zone, incident.published_at))
        .append(" by ")
        .append(mention(incident.published_by))
        .append(
            ", so its review is a record and stays as the crew read it. Start a follow-up "
            "with `/incident new TITLE`.");
}

render::IncidentSummary summary_of(storage::Database& db, const storage::Incident& incident,
                                   const date::time_zone* zone) {
    storage::Incidents incidents(db);
    render::IncidentSummary summary{incident, incidents.notes(incident.id), {}, {}, {}};
    const std::string number = std::to_string(incident.id);
    if (incident.published) {
        for (const std::int64_t id : incidents.improvements(incident.id)) {
            summary.countermeasures.push_back(improvement_line(db, id));
        }
        summary.status = std::string("Published ")
                             .append(day_of(zone, incident.published_at))
                             .append(" by ")
                             .append(mention(incident.published_by))
                             .append(" · opened by ")
                             .append(mention(incident.created_by));
    } else {
        for (const std::string& line : lines_of(incident.fields.countermeasures)) {
            summary.countermeasures.push_back(escape_mrkdwn(line));
        }
        summary.status = std::string("Draft opened ")
                             .append(day_of(zone, incident.created_at))
                             .append(" by ")
                             .append(mention(incident.created_by))
                             .append(" · `/incident edit ")
                             .append(number)
                             .append("` · `/incident publish ")
                             .append(number)
                             .append("`");
    }
    return summary;
}

void record_contribution(storage::Database& db, std::int64_t incident_id, const std::string& user,
                         const Clock& clock) {
    storage::Incidents(db).add_contributor(incident_id, user, now_ms(clock));
}

Reply open_review(const Request& request, const Args& args, Context&) {
    const std::string title = trim(unescape_slack(args.text));
    if (title.empty()) return usage_error(args, "Give the incident a title.");
    if (const auto chars = suggestions::utf8_length(title); chars > kMaxTitleChars) {
        return usage_error(args, std::string("That title is ")
                                     .append(std::to_string(chars))
                                     .append(" characters; keep it to ")
                                     .append(std::to_string(kMaxTitleChars))
                                     .append("."));
    }
    render::ReviewModal modal{request.channel_id, 0, {}};
    modal.fields.title = title;
    return open_form(request, std::move(modal), "Opening the review form…");
}

Reply edit(const Request& request, const Args& args, Context& context) {
    if (args.tokens.size() != 1) return usage_error(args, "Name one incident by its number.");
    if (context.db == nullptr) return no_database();
    const auto incident = find_incident(*context.db, request.channel_id, args.tokens.front());
    if (!incident) return usage_error(args, incident.error());
    if (incident->published) {
        return ephemeral_reply(published_refusal(
            *incident, load_channel_config(*context.db, request.channel_id).zone));
    }
    return open_form(request, {request.channel_id, incident->id, incident->fields},
                     std::string("Opening draft ").append(label(*incident)).append("…"));
}

Reply list(const Request& request, const Args& args, Context& context) {
    if (!args.tokens.empty()) return usage_error(args, "`list` takes nothing after it.");
    if (context.db == nullptr) return no_database();
    const auto zone = load_channel_config(*context.db, request.channel_id).zone;
    const auto incidents = storage::Incidents(*context.db).latest(request.channel_id, kListLimit);
    if (incidents.empty()) {
        return ephemeral_reply("No incident reviews here yet. `/incident new TITLE` starts one.");
    }
    std::string text = "*Incident reviews*, newest first";
    for (const auto& incident : incidents) {
        text.append("\n• ").append(label(incident)).append(" — ");
        if (incident.published) {
            text.append("published ").append(day_of(zone, incident.published_at));
        } else {
            text.append("draft, opened ")
                .append(day_of(zone, incident.created_at))
                .append(" by ")
                .append(mention(incident.created_by));
        }
    }
    text.append("\n`/incident show ID` shows one.");
    return ephemeral_reply(suggestions::truncate_utf8(text, kMaxListBytes));
}

Reply show(const Request& request, const Args& args, Context& context) {
    if (args.tokens.size() != 1) return usage_error(args, "Name one incident by its number.");
    if (context.db == nullptr) return no_database();
    const auto incident = find_incident(*context.db, request.channel_id, args.tokens.front());
    if (!incident) return usage_error(args, incident.error());
    const auto zone = load_channel_config(*context.db, request.channel_id).zone;
    const render::IncidentSummary summary = summary_of(*context.db, *incident, zone);
    Reply reply = ephemeral_reply(render::incident_text(summary));
    reply.blocks = render::incident_blocks(summary);
    return reply;
}

}  // namespace incidents

Command make_incident_command() {
    using namespace incidents;
    return Command{
        .name = std::string(kIncidentCommand),
        .summary =
            "Blameless incident reviews: drafted together, published to the crew, their "
            "countermeasures tracked as improvements",
        .subcommands =
            {
                {"new", "new TITLE",
                 "Open the review form (what happened, timeline, contributing factors, impact, "
                 "what was reasonable to know at the time, countermeasures); saved as a draft",
                 open_review, true},
                {"edit", "edit ID",
                 "Reopen a draft's form; anyone in the channel may. A published review cannot "
                 "be edited: it stays as the crew read it",
                 edit, true},
                {"note", "note ID TEXT",
                 "Add a line to a draft's timeline, at the current time (the message shortcut "
                 "\"Add to incident timeline\" adds a message)",
                 note},
                {"publish", "publish ID [#channel]",
                 "Post the review to the crew (and the channel named), thank its contributors, "
                 "and turn each countermeasure into an improvement (`/suggest status`); by its "
                 "creator, the captain on duty or an admin",
                 publish},
                {"list", "list", "Drafts and published reviews, newest first", list, true},
                {"show", "show ID", "One review as it reads (or will read) when published", show,
                 true},
            },
    };
}

}  // namespace ritualbot::commands
