#include "commands/outliers/digest_ritual.hpp"

#include "commands/captain/captain_plan.hpp"
#include "commands/channel/channel_config.hpp"
#include "commands/clock.hpp"
#include "commands/outliers/coverage.hpp"
#include "commands/outliers/digest.hpp"
#include "commands/outliers/digest_text.hpp"
#include "commands/render/digest_blocks.hpp"
#include "commands/schedule/channel_ritual.hpp"
#include "commands/schedule/fire_times.hpp"
#include "storage/outlier_settings.hpp"
#include "storage/scheduled_runs.hpp"

namespace ritualbot::commands {
namespace {

std::chrono::year_month_day to_ymd(LocalDate date) {
    return std::chrono::year_month_day{std::chrono::sys_days{date.time_since_epoch()}};
}

FireRule digest_rule(storage::Database& db, const std::string& channel, const CaptainPlan& plan) {
    const ChannelConfig& config = plan.config();
    return {config.zone, digest_time(db, channel, config),
            [&plan, days = config.days](LocalDate date) {
                return days.contains(date) && !plan.is_holiday(date);
            }};
}

class DailyDigest final : public ChannelRitual {
public:
    std::string_view name() const override { return kDailyDigest; }

    void for_each_channel(ScheduleReads& reads, const VisitChannel& visit) const override {
        for (const std::string& channel : reads.ticket_channels()) {
            // Tickets say nothing of when the digest was set up: the first run seen decides.
            visit(channel, digest_rule(reads.db(), channel, reads.plan_for_rules(channel)),
                  std::nullopt);
        }
    }

    Effects fire(const DueRun& run, Context& context) const override {
        storage::Database& db = *context.db;
        const CaptainPlan plan = CaptainPlan::load(db, run.channel);
        const auto today = parse_iso_date(run.local_date);
        Effects effects;
        if (!today) return effects;
        const auto previous = storage::ScheduledRuns(db).last_fired_before(
            std::string(kDailyDigest), run.channel, run.local_date);
        const DateRange covered =
            digest_coverage(previous ? parse_iso_date(*previous) : std::nullopt, *today);
        const Digest digest = build_digest_range(db, run.channel, to_ymd(covered.from),
                                                 to_ymd(covered.to), plan.config().zone);
        const std::string fallback = digest_header(digest);

        Post channel_post{run.channel, fallback};
        channel_post.blocks = render::digest_blocks(digest);
        effects.posts.push_back(channel_post);

        const Projection projection = plan.project(now_seconds(context.clock), 0);
        if (projection.current && projection.shifts[*projection.current].pick) {
            Post direct{projection.shifts[*projection.current].pick->user, fallback};
            direct.blocks = channel_post.blocks;
            effects.posts.push_back(std::move(direct));
        }
        return effects;
    }
};

}  // namespace

std::chrono::minutes digest_time(storage::Database& db, const std::string& channel,
                                 const ChannelConfig& config) {
    if (const auto minute = storage::OutlierSettingsStore(db).get(channel).digest_minute) {
        return std::chrono::minutes{*minute};
    }
    return std::min(config.changeover + kDigestAfterChangeover, std::chrono::minutes{23 * 60 + 59});
}

std::unique_ptr<ScheduledRitual> make_daily_digest() {
    return std::make_unique<DailyDigest>();
}

}  // namespace ritualbot::commands
