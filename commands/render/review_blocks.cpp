#include "commands/render/review_blocks.hpp"

#include "commands/outliers/weekly_review.hpp"
#include "commands/render/block_kit.hpp"
#include "commands/render/open_work_lines.hpp"
#include "commands/render/user_text.hpp"
#include "commands/tokenizer.hpp"

namespace ritualbot::commands::render {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxClusters = 8;
constexpr std::size_t kMaxListed = 10;

std::string times(std::size_t n) {
    return std::to_string(n).append(n == 1 ? " time" : " times");
}

std::string owner_text(const std::string& owner) {
    return owner.empty() ? std::string("no owner yet")
                         : std::string("<@").append(owner).append(">");
}

std::string improvement_name(const ReviewImprovement& item) {
    std::string name = std::string("#").append(std::to_string(item.improvement.suggestion_id));
    if (!item.text.empty()) name.append(" ").append(repost_text(item.text));
    return name;
}

std::string metric_line(const TrendChart& chart) {
    const ChartSeries& lead = chart.series.front();
    const auto metric = find_metric(lead.metric);
    std::string line = std::string("*").append(lead.label).append("*, the crew's metric: ");
    const auto& last = lead.values.back();
    line.append(last && metric ? format_value(*metric, *last) : "no data").append(" this week");
    if (lead.baseline && metric) {
        line.append(", baseline ").append(format_value(*metric, *lead.baseline));
    }
    return line.append(". The trend picture of the leading indicators follows.");
}

std::vector<std::string> cluster_lines(const std::vector<CauseCluster>& clusters) {
    std::vector<std::string> lines;
    for (std::size_t i = 0; i < clusters.size() && i < kMaxClusters; ++i) {
        const CauseCluster& c = clusters[i];
        std::string line = escape_mrkdwn(c.cause).append(" — ").append(times(c.count));
        if (c.spellings > 1)
            line.append(" (").append(std::to_string(c.spellings)).append(" wordings)");
        if (!c.procedures.empty()) {
            line.append(" · ");
            for (std::size_t p = 0; p < c.procedures.size(); ++p)
                line.append(p == 0 ? "`" : ", `")
                    .append(escape_mrkdwn(c.procedures[p]))
                    .append("`");
        }
        lines.push_back(std::move(line));
    }
    return lines;
}

std::vector<std::string> done_lines(const std::vector<ReviewImprovement>& done) {
    std::vector<std::string> lines;
    for (std::size_t i = 0; i < done.size() && i < kMaxListed; ++i) {
        const auto& owner = done[i].improvement.owner;
        lines.push_back(improvement_name(done[i])
                            .append(" — ")
                            .append(owner.empty()
                                        ? std::string("thank you, everyone")
                                        : std::string("thank you, ").append(owner_text(owner)))
                            .append("!"));
    }
    return lines;
}

std::vector<std::string> overdue_lines(const std::vector<ReviewImprovement>& overdue) {
    std::vector<std::string> lines;
    for (std::size_t i = 0; i < overdue.size() && i < kMaxListed; ++i) {
        lines.push_back(improvement_name(overdue[i])
                            .append(" — ")
                            .append(owner_text(overdue[i].improvement.owner))
                            .append(", due ")
                            .append(overdue[i].improvement.due_date));
    }
    return lines;
}

std::vector<std::string> change_lines(const std::vector<storage::ProcedureChange>& changes) {
    std::vector<std::string> lines;
    for (std::size_t i = 0; i < changes.size() && i < kMaxListed; ++i) {
        const auto& change = changes[i];
        lines.push_back(std::string("`")
                            .append(escape_mrkdwn(change.procedure))
                            .append("` (")
                            .append(change.event.local_date)
                            .append(", <@")
                            .append(change.event.by)
                            .append(">): ")
                            .append(repost_text(change.event.detail)));
    }
    return lines;
}

}  // namespace

std::string weekly_review_fallback(const WeeklyReview& review) {
    return std::string("Weekly review, ")
        .append(review.first_day)
        .append(" to ")
        .append(review.last_day);
}

json weekly_review_blocks(const WeeklyReview& review) {
    json blocks = json::array();
    blocks.push_back({{"type", "header"}, {"text", plain_text(weekly_review_fallback(review))}});
    blocks.push_back(section(mrkdwn(metric_line(review.chart))));
    blocks.push_back(list_section("Defect clusters this week", cluster_lines(review.clusters),
                                  "No root causes recorded this week."));
    blocks.push_back(
        list_section("Improvements done", done_lines(review.done), "None done this week."));
    blocks.push_back(
        list_section("Overdue improvements", overdue_lines(review.overdue), "Nothing overdue."));
    blocks.push_back(list_section("Playbook changes", change_lines(review.changes),
                                  "No procedure changed this week."));
    std::vector<std::string> marked;
    for (const auto& procedure : review.marked) marked.push_back(procedure_line(procedure));
    blocks.push_back(list_section("Marked for update", marked,
                                  "No procedure is marked for update (`/playbook mark NAME what`)."));
    blocks.push_back(
        context(mrkdwn("Record a cause with `/outliers cause ID TEXT`, a procedure "
                       "change with `/playbook changed NAME what changed`.")));
    return blocks;
}

}  // namespace ritualbot::commands::render
