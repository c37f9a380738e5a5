#include "commands/incidents/awaiting_review.hpp"

#include "commands/channel/channel_config.hpp"
#include "commands/incidents/incident_handlers.hpp"

namespace ritualbot::commands {

std::string incidents_awaiting_review_checklist(storage::Database& db, const std::string& channel) {
    const auto zone = load_channel_config(db, channel).zone;
    std::string text;
    for (const auto& incident : storage::Incidents(db).drafts(channel)) {
        const std::string number = std::to_string(incident.id);
        text.append("• Finish the review of incident ")
            .append(incidents::label(incident))
            .append(" (draft since ")
            .append(format_day(local_date_of(zone, from_unix_ms(incident.created_at))))
            .append("): `/incident publish ")
            .append(number)
            .append("`\n");
    }
    return text;
}

}  // namespace ritualbot::commands
