#include "commands/outliers/weekly_review.hpp"

#include <date/tz.h>

#include "commands/captain/captain_plan.hpp"
#include "commands/channel/channel_config.hpp"
#include "commands/clock.hpp"
#include "commands/outliers/metrics.hpp"
#include "commands/render/review_blocks.hpp"
#include "commands/schedule/channel_ritual.hpp"
#include "commands/schedule/local_time.hpp"
#include "commands/tokenizer.hpp"
#include "storage/investigations.hpp"
#include "storage/suggestions.hpp"

namespace ritualbot::commands {
namespace {

using std::chrono::sys_days;
using std::chrono::year_month_day;

constexpr const char* kWeekdayNames[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};  // ISO

storage::ReviewTime review_time(storage::Database& db, const std::string& channel) {
    return storage::OutlierSettingsStore(db).get(channel).review_time.value_or(kDefaultReviewTime);
}

FireRule review_rule(const CaptainPlan& plan, storage::ReviewTime time) {
    return {plan.config().zone, std::chrono::minutes{time.minute},
            [&plan, weekday = date::weekday{static_cast<unsigned>(time.weekday)}](LocalDate day) {
                return date::weekday{day} == weekday && !plan.is_holiday(day);
            }};
}

class WeeklyReviewRitual final : public ChannelRitual {
public:
    std::string_view name() const override { return kWeeklyReview; }

    void for_each_channel(ScheduleReads& reads, const VisitChannel& visit) const override {
        for (const std::string& channel : reads.ticket_channels()) {
            visit(channel,
                  review_rule(reads.plan_for_rules(channel), review_time(reads.db(), channel)),
                  std::nullopt);
        }
    }

    Effects fire(const DueRun& run, Context& context) const override {
        const auto day = parse_date(run.local_date);
        if (!day) return {};
        const ChannelConfig config = load_channel_config(*context.db, run.channel);
        return weekly_review_effects(build_weekly_review(*context.db, run.channel, *day,
                                                         config.zone, now_ms(context.clock)));
    }
};

}  // namespace

ReviewImprovement with_text(storage::Database& db, storage::Improvement improvement) {
    const auto suggestion = storage::Suggestions(db).find(improvement.suggestion_id);
    std::string text = suggestion ? suggestion->text : std::string();
    return {std::move(improvement), std::move(text)};
}

WeeklyReview build_weekly_review(storage::Database& db, const std::string& channel,
                                 year_month_day last_day, const date::time_zone* zone,
                                 std::int64_t now_ms) {
    const year_month_day first_day{sys_days{last_day} - std::chrono::days{6}};
    WeeklyReview review;
    review.channel = channel;
    review.first_day = format_date(first_day);
    review.last_day = format_date(last_day);
    const std::string metric = load_channel_config(db, channel).stored.metric;
    review.chart =
        load_trend_chart(db, channel, chart_metrics(metric), kChartWeeks, last_day, zone);
    review.clusters = cluster_causes(storage::Investigations(db).causes_between(
        channel, local_midnight_ms(first_day, zone), now_ms + 1));
    storage::Improvements improvements(db);
    for (auto& done : improvements.done_between(channel, review.first_day, review.last_day))
        review.done.push_back(with_text(db, std::move(done)));
    for (auto& open : improvements.open(channel)) {
        if (!open.due_date.empty() && open.due_date < review.last_day)
            review.overdue.push_back(with_text(db, std::move(open)));
    }
    review.changes = storage::Procedures(db).changes(channel, review.first_day, review.last_day);
    review.marked = handoff::marked_procedures(db, channel);
    return review;
}

Effects weekly_review_effects(const WeeklyReview& review) {
    Effects effects;
    Post post{review.channel, render::weekly_review_fallback(review)};
    post.blocks = render::weekly_review_blocks(review);
    post.key = std::string("review:").append(review.channel).append(":").append(review.last_day);
    effects.posts.push_back(std::move(post));
    effects.chart_shares.push_back(
        {review.channel, std::string("trend-").append(review.last_day).append(".png"),
         std::string("Leading indicators to ").append(review.last_day),
         chart_alt_text(review.chart), "", chart_to_json(review.chart),
         std::string("review-chart:").append(review.channel).append(":").append(review.last_day)});
    return effects;
}

std::unique_ptr<ScheduledRitual> make_weekly_review() {
    return std::make_unique<WeeklyReviewRitual>();
}

std::string review_time_text(storage::Database& db, const std::string& channel) {
    const storage::ReviewTime time = review_time(db, channel);
    return std::string(kWeekdayNames[time.weekday - 1])
        .append(" ")
        .append(format_time_of_day(std::chrono::minutes{time.minute}))
        .append(" ")
        .append(load_channel_config(db, channel).zone->name());
}

}  // namespace ritualbot::commands
