#include "commands/render/incident_blocks.hpp"

#include "commands/incidents/countermeasures.hpp"
#include "commands/incidents/review_fields.hpp"
#include "commands/render/block_kit.hpp"
#include "commands/render/user_text.hpp"
#include "commands/tokenizer.hpp"

namespace ritualbot::commands::render {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxHeaderChars = 150;
constexpr std::size_t kMaxSectionChars = 3000;

json titled_section(std::string_view title, const std::string& body) {
    std::string text = std::string("*").append(title).append("*\n").append(body);
    return section(mrkdwn(truncate_chars(std::move(text), kMaxSectionChars)));
}

std::string bullets(const std::vector<std::string>& lines) {
    std::string text;
    for (const std::string& line : lines) {
        if (!text.empty()) text += '\n';
        text.append("• ").append(line);
    }
    return text;
}

std::vector<std::string> timeline_lines(const IncidentSummary& summary) {
    std::vector<std::string> lines;
    for (const std::string& line : incidents::lines_of(summary.incident.fields.timeline)) {
        lines.push_back(escape_mrkdwn(line));
    }
    for (const storage::IncidentNote& note : summary.notes) {
        std::string line = std::string(note.local_time)
                               .append(" ")
                               .append(repost_text(note.text))
                               .append(" — <@")
                               .append(note.author)
                               .append(">");
        if (!note.permalink.empty()) line.append(" (<").append(note.permalink).append("|message>)");
        lines.push_back(std::move(line));
    }
    return lines;
}

}  // namespace

std::string thanks_line(const std::vector<std::string>& users) {
    if (users.empty()) return {};
    std::string names;
    for (std::size_t i = 0; i < users.size(); ++i) {
        if (i > 0) names += i + 1 == users.size() ? " and " : ", ";
        names.append("<@").append(users[i]).append(">");
    }
    return std::string("Thanks to ").append(names).append(" for contributing to this review.");
}

std::string incident_text(const IncidentSummary& summary) {
    return std::string("Incident review #")
        .append(std::to_string(summary.incident.id))
        .append(": ")
        .append(escape_mrkdwn(summary.incident.fields.title));
}

json incident_blocks(const IncidentSummary& summary) {
    const storage::IncidentFields& fields = summary.incident.fields;
    const std::string header = std::string("Incident review #")
                                   .append(std::to_string(summary.incident.id))
                                   .append(": ")
                                   .append(fields.title);
    json blocks = json::array(
        {{{"type", "header"}, {"text", plain_text(truncate_chars(header, kMaxHeaderChars))}},
         context(mrkdwn(summary.status))});
    for (const incidents::ReviewField& field : incidents::kReviewFields) {
        if (&field == &incidents::kTitleField) continue;
        std::string body;
        if (&field == &incidents::kTimelineField) {
            body = bullets(timeline_lines(summary));
        } else if (&field == &incidents::kCountermeasuresField) {
            body = bullets(summary.countermeasures);
        } else {
            body = escape_mrkdwn(fields.*field.member);
        }
        if (!body.empty()) blocks.push_back(titled_section(field.label, body));
    }
    if (const std::string thanks = thanks_line(summary.thanked); !thanks.empty()) {
        blocks.push_back(context(mrkdwn(thanks)));
    }
    return blocks;
}

}  // namespace ritualbot::commands::render
