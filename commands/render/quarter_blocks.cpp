#include "commands/render/quarter_blocks.hpp"

#include <algorithm>
#include <utility>

#include "commands/outliers/quarterly_review.hpp"
#include "commands/render/block_kit.hpp"
#include "commands/render/user_text.hpp"
#include "commands/tokenizer.hpp"

namespace ritualbot::commands::render {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxChanges = 20;

std::string value_text(const QuarterIndicator& indicator, const std::optional<double>& value) {
    const auto metric = find_metric(indicator.metric);
    return value && metric ? format_value(*metric, *value) : std::string("no data");
}

// "*resolution*, the crew's metric: 3h40m in 2026 Q4, 4h10m in 2026 Q3 (−12%)"
std::string indicator_line(const QuarterIndicator& indicator, const QuarterlyReview& review,
                           bool lead) {
    std::string line = std::string("*").append(indicator.label).append("*");
    if (lead) line.append(", the crew's metric");
    line.append(": ")
        .append(value_text(indicator, indicator.current))
        .append(" in ")
        .append(review.quarter.label())
        .append(", ")
        .append(value_text(indicator, indicator.previous))
        .append(" in ")
        .append(review.quarter.previous().label());
    const std::string change = quarter_change_text(indicator);
    if (!change.empty()) line.append(" (").append(change).append(")");
    if (!indicator.targeted_by.empty()) {
        line.append(" · improvements aimed at it: ");
        for (std::size_t i = 0; i < indicator.targeted_by.size(); ++i)
            line.append(i == 0 ? "" : ", ").append(indicator.targeted_by[i]);
    }
    return line;
}

// The quarter's changes by date: procedure changes, then improvements done on the same date.
std::vector<std::string> change_lines(const QuarterlyReview& review) {
    std::vector<std::pair<std::string, std::string>> dated;
    for (const auto& change : review.changes) {
        dated.emplace_back(change.event.local_date, std::string("`")
                                                        .append(escape_mrkdwn(change.procedure))
                                                        .append("` changed by <@")
                                                        .append(change.event.by)
                                                        .append(">: ")
                                                        .append(repost_text(change.event.detail)));
    }
    for (const auto& done : review.done) {
        std::string line =
            std::string("improvement #").append(std::to_string(done.improvement.suggestion_id));
        if (!done.text.empty()) line.append(" ").append(repost_text(done.text));
        line.append(" done");
        if (!done.improvement.owner.empty())
            line.append(" (<@").append(done.improvement.owner).append(">)");
        if (const auto metric = find_metric(done.improvement.metric))
            line.append(", aimed at ").append(metric->label());
        dated.emplace_back(done.improvement.done_date, std::move(line));
    }
    std::stable_sort(dated.begin(), dated.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<std::string> lines;
    for (std::size_t i = 0; i < dated.size() && i < kMaxChanges; ++i)
        lines.push_back(dated[i].first + " · " + dated[i].second);
    if (dated.size() > kMaxChanges)
        lines.push_back("…and " + std::to_string(dated.size() - kMaxChanges) + " more");
    return lines;
}

}  // namespace

std::string quarterly_review_fallback(const QuarterlyReview& review) {
    return std::string("Quarterly review, ")
        .append(review.quarter.label())
        .append(" (")
        .append(review.quarter.months())
        .append(") against ")
        .append(review.quarter.previous().label());
}

json quarterly_review_blocks(const QuarterlyReview& review) {
    json blocks = json::array();
    blocks.push_back({{"type", "header"}, {"text", plain_text(quarterly_review_fallback(review))}});
    std::vector<std::string> indicators;
    for (std::size_t i = 0; i < review.indicators.size(); ++i)
        indicators.push_back(indicator_line(review.indicators[i], review, i == 0));
    blocks.push_back(list_section(std::string("Indicators, ")
                                      .append(std::to_string(review.tickets_current))
                                      .append(" tickets this quarter and ")
                                      .append(std::to_string(review.tickets_previous))
                                      .append(" the quarter before"),
                                  indicators, "No ticket data in either quarter."));
    blocks.push_back(list_section("Changes made in the quarter", change_lines(review),
                                  "No procedure changed and no improvement was done."));
    blocks.push_back(
        context(mrkdwn("Record a procedure change with `/playbook changed NAME what changed`; "
                       "`/outliers quarter` shows this review again.")));
    return blocks;
}

}  // namespace ritualbot::commands::render
