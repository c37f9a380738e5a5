#include "commands/handoff/open_work.hpp"

#include "commands/outliers/digest_text.hpp"
#include "commands/outliers/open_investigations.hpp"
#include "commands/render/user_text.hpp"
#include "commands/suggestions/ballot.hpp"
#include "commands/tokenizer.hpp"
#include "storage/investigations.hpp"
#include "storage/outlier_records.hpp"
#include "storage/procedures.hpp"
#include "storage/suggestions.hpp"
#include "storage/suggestions_improvements.hpp"

namespace ritualbot::commands::handoff {
namespace {

constexpr std::int64_t kDayMs = std::int64_t{24} * 3600 * 1000;
constexpr std::size_t kMaxTitleBytes = 300;

// "reopen rate · billing", or the metric alone for the whole crew.
std::string what_of(std::string_view metric, const std::string& dimension,
                    const std::string& segment) {
    std::string what(metric_label(metric));
    if (dimension != "all") what.append(" · ").append(escape_mrkdwn(segment));
    return what;
}

std::string title_of(storage::Database& db, std::int64_t id) {
    const auto suggestion = storage::Suggestions(db).find(id);
    if (!suggestion) return std::string("*#").append(std::to_string(id)).append("*");
    return suggestions::truncate_utf8(suggestions::suggestion_line(*suggestion, false),
                                      kMaxTitleBytes);
}

}  // namespace

OpenWork handoff_work(storage::Database& db, const std::string& channel, LocalDate today,
                      std::int64_t now_ms) {
    OpenWork work;
    for (Investigation& i : open_investigations(db, channel, now_ms))
        if (!i.has_cause) work.investigations.push_back(std::move(i));
    const std::string due_by = format_date(today + date::days{kImprovementDueSoonDays});
    for (Improvement& i : open_improvements(db, channel, today))
        if (!i.due_date.empty() && i.due_date <= due_by) work.improvements.push_back(std::move(i));
    work.procedures = marked_procedures(db, channel);
    work.unclaimed = unclaimed_outliers(db, channel, today);
    return work;
}

std::vector<Investigation> open_investigations(storage::Database& db, const std::string& channel,
                                               std::int64_t now_ms) {
    std::vector<Investigation> open;
    for (const storage::Investigation& i : storage::Investigations(db).open_in(channel)) {
        const std::int64_t days = now_ms > i.opened_at ? (now_ms - i.opened_at) / kDayMs : 0;
        open.push_back({channel, i.outlier_id, what_of(i.metric, i.dimension, i.segment), i.owner,
                        days, !i.cause.empty(), days > kOverdueInvestigationDays});
    }
    return open;
}

std::vector<Improvement> open_improvements(storage::Database& db, const std::string& channel,
                                           LocalDate today) {
    std::vector<Improvement> open;
    for (const storage::Improvement& improvement : storage::Improvements(db).open(channel)) {
        const auto due = parse_iso_date(improvement.due_date);
        open.push_back({channel, improvement.suggestion_id, title_of(db, improvement.suggestion_id),
                        improvement.owner, due ? improvement.due_date : std::string(),
                        due && *due < today});
    }
    return open;
}

std::vector<MarkedProcedure> marked_procedures(storage::Database& db, const std::string& channel) {
    std::vector<MarkedProcedure> marked;
    for (const storage::Procedure& p : storage::Procedures(db).marked_for_update(channel))
        marked.push_back(
            {channel, p.name, p.owner, p.link, render::repost_text(p.update_wanted.value_or(""))});
    return marked;
}

std::vector<UnclaimedOutlier> unclaimed_outliers(storage::Database& db, const std::string& channel,
                                                 LocalDate today) {
    std::vector<UnclaimedOutlier> unclaimed;
    storage::OutlierRecords records(db);
    storage::Investigations investigations(db);
    for (int back = kUnclaimedOutlierDays; back >= 1; --back) {
        const std::string date = format_date(today - date::days{back});
        for (const storage::OutlierRecord& r : records.for_date(channel, date)) {
            if (investigations.find(channel, r.id)) continue;  // someone picked it up
            unclaimed.push_back({channel, r.id, date, what_of(r.metric, r.dimension, r.segment),
                                 escape_mrkdwn(r.why)});
        }
    }
    return unclaimed;
}

}  // namespace ritualbot::commands::handoff
