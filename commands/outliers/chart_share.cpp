#include "commands/outliers/chart_share.hpp"

#include <date/tz.h>
#include <nlohmann/json.hpp>

#include "commands/channel/channel_config.hpp"
#include "commands/outliers/metrics.hpp"
#include "commands/outliers/trend.hpp"
#include "commands/outliers/trend_chart.hpp"

namespace ritualbot::commands::outliers {

std::string share_chart_value(std::string_view metric, int weeks) {
    return nlohmann::json{{"metric", metric}, {"weeks", weeks}}.dump();
}

Effects share_chart_click(const ShareChartClick& click, Context& context) {
    Effects effects;
    const auto value = nlohmann::json::parse(click.value, nullptr, false);
    const std::string metric = value.is_object() ? value.value("metric", std::string()) : "";
    const int weeks = value.is_object() ? value.value("weeks", 0) : 0;
    if (!find_metric(metric) || weeks < 1 || weeks > kMaxTrendWeeks) {
        Post refusal{click.channel,
                     "This button names no trend to share; run `/outliers trend "
                     "METRIC` again for a fresh one."};
        refusal.ephemeral_user = click.user;
        effects.posts.push_back(std::move(refusal));
        return effects;
    }
    using namespace std::chrono;
    const date::time_zone* zone = load_channel_config(*context.db, click.channel).zone;
    const auto today = floor<days>(zone->to_local(context.clock.now()));
    const year_month_day last_day{sys_days{today.time_since_epoch()} - days{1}};
    const TrendChart chart =
        load_trend_chart(*context.db, click.channel, chart_metrics(metric), weeks, last_day, zone);
    effects.chart_shares.push_back(
        {click.channel, std::string(metric).append("-trend-").append(chart.last_day).append(".png"),
         std::string(chart.series.front().label).append(" trend to ").append(chart.last_day),
         chart_alt_text(chart),
         std::string("<@")
             .append(click.user)
             .append("> shared the ")
             .append(chart.series.front().label)
             .append(" trend."),
         chart_to_json(chart),
         std::string("chart-share:").append(click.channel).append(":").append(click.action_ts)});
    return effects;
}

}  // namespace ritualbot::commands::outliers
