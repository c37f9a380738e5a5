#include "commands/outliers/quarterly_review.hpp"

#include <cmath>
#include <cstdio>

#include <date/tz.h>

#include "commands/captain/captain_plan.hpp"
#include "commands/channel/channel_config.hpp"
#include "commands/outliers/format.hpp"
#include "commands/outliers/trend_chart.hpp"
#include "commands/render/quarter_blocks.hpp"
#include "commands/schedule/channel_ritual.hpp"
#include "commands/tokenizer.hpp"

namespace ritualbot::commands {
namespace {

constexpr const char* kWeekdayNames[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};  // ISO

std::chrono::year_month_day to_ymd(LocalDate day) {
    return std::chrono::year_month_day{std::chrono::sys_days{day.time_since_epoch()}};
}

// Fires on the quarter's first `time.weekday` the crew works (a working day, not a holiday).
FireRule quarter_rule(const CaptainPlan& plan, storage::ReviewTime time) {
    return {plan.config().zone, std::chrono::minutes{time.minute},
            [&plan, weekday = date::weekday{static_cast<unsigned>(time.weekday)}](LocalDate day) {
                const auto works = [&plan](LocalDate d) {
                    return plan.config().days.contains(d) && !plan.is_holiday(d);
                };
                const auto fire = quarter_fire_date(quarter_of(to_ymd(day)), weekday, works);
                return fire && *fire == day;
            }};
}

class QuarterlyReviewRitual final : public ChannelRitual {
public:
    std::string_view name() const override { return kQuarterlyReview; }

    void for_each_channel(ScheduleReads& reads, const VisitChannel& visit) const override {
        for (const std::string& channel : reads.ticket_channels()) {
            visit(channel,
                  quarter_rule(reads.plan_for_rules(channel), quarter_time(reads.db(), channel)),
                  std::nullopt);
        }
    }

    Effects fire(const DueRun& run, Context& context) const override {
        const auto day = parse_date(run.local_date);
        if (!day) return {};
        const ChannelConfig config = load_channel_config(*context.db, run.channel);
        return quarterly_review_effects(build_quarterly_review(
            *context.db, run.channel, quarter_of(*day).previous(), config.zone));
    }
};

std::string improvement_mark(const storage::Improvement& improvement) {
    return std::string("#")
        .append(std::to_string(improvement.suggestion_id))
        .append(" done ")
        .append(improvement.done_date);
}

}  // namespace

QuarterlyReview build_quarterly_review(storage::Database& db, const std::string& channel,
                                       const Quarter& quarter, const date::time_zone* zone) {
    QuarterlyReview review;
    review.channel = channel;
    review.quarter = quarter;
    const Quarter before = quarter.previous();
    const int before_days = before.days();
    const TicketWindow window =
        load_window(db, channel, before.first_day(), before_days + quarter.days(), zone);
    for (const int day : window.day)
        ++(day < before_days ? review.tickets_previous : review.tickets_current);

    const std::string first = format_date(quarter.first_day());
    const std::string last = format_date(quarter.last_day());
    storage::Improvements improvements(db);
    for (auto& done : improvements.done_between(channel, first, last))
        review.done.push_back(with_text(db, std::move(done)));
    review.changes = storage::Procedures(db).changes(channel, first, last);

    const std::string crew_metric = load_channel_config(db, channel).stored.metric;
    for (const MetricRef& metric : chart_metrics(crew_metric)) {
        // Two blocks of WeeklyValues: the quarter before (0) and the quarter reviewed (1).
        WeeklyValues values(metric, 2);
        for (std::size_t i = 0; i < window.tickets.size(); ++i)
            values.add(window.tickets[i], window.day[i] < before_days ? 0 : 1);
        QuarterIndicator indicator;
        indicator.metric = metric.duration ? metric.duration->name : metric.rate->name;
        indicator.label = std::string(metric.label());
        indicator.previous = values.pooled(0, 0);
        indicator.current = values.pooled(1, 1);
        // As in the trend picture: an indicator the crew's data lacks is left out, but the
        // crew's metric always leads, so its absence shows.
        if (!indicator.previous && !indicator.current && !review.indicators.empty()) continue;
        for (const ReviewImprovement& done : review.done) {
            if (done.improvement.metric == indicator.metric)
                indicator.targeted_by.push_back(improvement_mark(done.improvement));
        }
        review.indicators.push_back(std::move(indicator));
    }
    return review;
}

std::string quarter_change_text(const QuarterIndicator& indicator) {
    if (!indicator.previous || !indicator.current) return {};
    const auto metric = find_metric(indicator.metric);
    if (!metric) return {};
    const double before = *indicator.previous;
    const double now = *indicator.current;
    if (metric->rate != nullptr) return format_points(now - before);
    if (before <= 0) return {};
    // A duration's change relative to the quarter before, signed as format_points signs.
    const double percent = 100.0 * (now - before) / before;
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%s%.0f%%", percent < 0 ? "−" : "+", std::abs(percent));
    return buffer;
}

Effects quarterly_review_effects(const QuarterlyReview& review) {
    Effects effects;
    Post post{review.channel, render::quarterly_review_fallback(review)};
    post.blocks = render::quarterly_review_blocks(review);
    post.key =
        std::string("quarter:").append(review.channel).append(":").append(review.quarter.label());
    effects.posts.push_back(std::move(post));
    return effects;
}

std::unique_ptr<ScheduledRitual> make_quarterly_review() {
    return std::make_unique<QuarterlyReviewRitual>();
}

storage::ReviewTime quarter_time(storage::Database& db, const std::string& channel) {
    const storage::OutlierSettings settings = storage::OutlierSettingsStore(db).get(channel);
    if (settings.quarter_time) return *settings.quarter_time;
    return {1, settings.review_time.value_or(kDefaultReviewTime).minute};
}

std::string quarter_time_text(storage::Database& db, const std::string& channel) {
    const storage::ReviewTime time = quarter_time(db, channel);
    std::string text = std::string("first ")
                           .append(kWeekdayNames[time.weekday - 1])
                           .append(" of the quarter, ")
                           .append(format_time_of_day(std::chrono::minutes{time.minute}))
                           .append(" ")
                           .append(load_channel_config(db, channel).zone->name());
    if (!storage::OutlierSettingsStore(db).get(channel).quarter_time)
        text.append(" (the weekly review's time of day)");
    return text;
}

}  // namespace ritualbot::commands
