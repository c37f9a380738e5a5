#include "commands/outliers/open_investigations.hpp"

#include "commands/outliers/digest_text.hpp"
#include "commands/tokenizer.hpp"
#include "storage/investigations.hpp"

namespace ritualbot::commands {
namespace {

constexpr std::int64_t kDayMs = std::int64_t{24} * 3600 * 1000;

}  // namespace

std::string open_investigation_checklist(storage::Database& db, const std::string& channel,
                                         std::int64_t now_ms) {
    std::string text;
    for (const storage::Investigation& i : storage::Investigations(db).open_in(channel)) {
        const std::int64_t days = now_ms > i.opened_at ? (now_ms - i.opened_at) / kDayMs : 0;
        text += "• Follow up `" + i.outlier_id + "` (" + std::string(metric_label(i.metric)) +
                (i.dimension == "all" ? "" : " · " + escape_mrkdwn(i.segment)) + "), owner <@" +
                i.owner + ">, open " + std::to_string(days) + (days == 1 ? " day" : " days") +
                (i.cause.empty() ? ", no cause yet" : "") +
                (days > kOverdueInvestigationDays ? " — *overdue*" : "") + "\n";
    }
    return text;
}

}  // namespace ritualbot::commands
