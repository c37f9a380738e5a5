#include "commands/playbook/scorecard.hpp"

#include "commands/outliers/before_after.hpp"
#include "commands/outliers/digest_text.hpp"
#include "commands/outliers/stats.hpp"
#include "commands/outliers/weekly_values.hpp"
#include "commands/playbook/segments.hpp"
#include "commands/suggestions/ballot.hpp"
#include "commands/tokenizer.hpp"
#include "storage/investigations.hpp"
#include "storage/suggestions_improvements.hpp"

namespace ritualbot::commands::playbook {
namespace {

constexpr std::int64_t kDayMs = std::int64_t{24} * 3600 * 1000;
constexpr std::size_t kMaxTitleBytes = 300;

std::vector<Indicator> indicators(storage::Database& db, const storage::Procedure& procedure,
                                  std::chrono::year_month_day last_day,
                                  const date::time_zone* zone) {
    using namespace std::chrono;
    const int days = kScorecardWeeks * 7;
    const year_month_day first{sys_days{last_day} - std::chrono::days{days - 1}};
    const TicketWindow window = load_window(db, procedure.channel, first, days, zone);
    const ProcedureSegment segment{procedure.segment_dimension, procedure.segment_value};

    std::vector<MetricRef> metrics;
    for (const auto& m : kDurationMetrics) metrics.push_back({&m, nullptr});
    for (const auto& m : kRateMetrics) metrics.push_back({nullptr, &m});
    std::vector<Indicator> out;
    for (const MetricRef& metric : metrics) {
        WeeklyValues weekly(metric, kScorecardWeeks);
        for (std::size_t i = 0; i < window.tickets.size(); ++i) {
            if (contains(segment, window.tickets[i])) weekly.add(window.tickets[i], window.day[i] / 7);
        }
        const auto values = weekly.values();
        std::vector<double> known;
        for (const auto& value : values) {
            if (value) known.push_back(*value);
        }
        if (known.empty()) continue;
        Indicator indicator;
        indicator.label = metric.duration != nullptr ? std::string("median ").append(metric.label())
                                                     : std::string(metric.label());
        indicator.sparkline = stats::sparkline(values);
        indicator.first = format_value(metric, known.front());
        indicator.latest = format_value(metric, known.back());
        out.push_back(std::move(indicator));
    }
    return out;
}

std::string describe_investigation(const storage::Investigation& i) {
    std::string what(metric_label(i.metric));
    if (i.dimension != "all") what.append(" · ").append(escape_mrkdwn(i.segment));
    return what;
}

}  // namespace

Scorecard build_scorecard(storage::Database& db, const storage::Procedure& procedure,
                          LocalDate today, const date::time_zone* zone, std::int64_t now_ms) {
    using namespace std::chrono;
    Scorecard card;
    card.procedure = procedure;
    card.segment = describe({procedure.segment_dimension, procedure.segment_value});
    const LocalDate yesterday = today - std::chrono::days{1};
    card.last_day = format_date(yesterday);
    card.indicators =
        indicators(db, procedure, year_month_day{sys_days{yesterday.time_since_epoch()}}, zone);

    storage::Investigations investigations(db);
    for (const auto& i : investigations.open_of_procedure(procedure.id)) {
        const std::int64_t age = now_ms > i.opened_at ? (now_ms - i.opened_at) / kDayMs : 0;
        card.investigations.push_back({i.outlier_id, describe_investigation(i), i.owner,
                                       static_cast<int>(age), !i.cause.empty()});
    }
    card.causes = count_causes(investigations.causes_of_procedure(procedure.id));
    if (card.causes.size() > kScorecardCauses) card.causes.resize(kScorecardCauses);

    storage::Suggestions suggestions(db);
    for (const auto& s : suggestions.open_of_procedure(procedure.id)) {
        card.suggestions.push_back(
            suggestions::truncate_utf8(suggestions::suggestion_line(s, false), kMaxTitleBytes));
    }
    for (const auto& improvement : storage::Improvements(db).of_procedure(procedure.id)) {
        ImprovementLine line;
        const auto suggestion = suggestions.find(improvement.suggestion_id);
        line.title = suggestion ? suggestions::truncate_utf8(
                                      suggestions::suggestion_line(*suggestion, false),
                                      kMaxTitleBytes)
                                : std::string("#").append(std::to_string(improvement.suggestion_id));
        line.owner = improvement.owner;
        line.due_date = improvement.due_date;
        line.done_date = improvement.done_date;
        const auto done = parse_iso_date(improvement.done_date);
        if (done && !improvement.metric.empty()) {
            const auto effect =
                before_after(db, procedure.channel, improvement.metric, *done, today, zone);
            line.effect = effect ? commands::describe(*effect) : "`" + improvement.metric +
                                                           "`: no data on both sides yet";
        }
        card.improvements.push_back(std::move(line));
    }

    card.voices = storage::CustomerVoices(db).latest(procedure.id, kScorecardVoices);
    storage::Procedures procedures(db);
    card.last_change = procedures.last(procedure.id, "changed");
    card.history = procedures.history(procedure.id, kScorecardHistory);
    return card;
}

}  // namespace ritualbot::commands::playbook
