#include "commands/outliers/open_investigations.hpp"

#include "commands/handoff/open_work.hpp"

namespace ritualbot::commands {

std::string open_investigation_checklist(storage::Database& db, const std::string& channel,
                                         std::int64_t now_ms) {
    std::string text;
    for (const handoff::Investigation& i : handoff::open_investigations(db, channel, now_ms)) {
        text.append("• Follow up `")
            .append(i.outlier_id)
            .append("` (")
            .append(i.what)
            .append("), owner <@")
            .append(i.owner)
            .append(">, open ")
            .append(std::to_string(i.days_open))
            .append(i.days_open == 1 ? " day" : " days")
            .append(i.has_cause ? "" : ", no cause yet")
            .append(i.overdue ? " — *overdue*" : "")
            .append("\n");
    }
    return text;
}

}  // namespace ritualbot::commands
