#include "commands/outliers/digest_ritual.hpp"

#include "commands/captain/captain_plan.hpp"
#include "commands/channel/channel_config.hpp"
#include "commands/clock.hpp"
#include "commands/outliers/digest.hpp"
#include "commands/render/digest_blocks.hpp"
#include "commands/schedule/fire_times.hpp"
#include "commands/schedule/missed_runs.hpp"
#include "storage/tickets.hpp"

namespace ritualbot::commands {
namespace {

FireRule digest_rule(const CaptainPlan& plan) {
    const ChannelConfig& config = plan.config();
    return {config.zone, kDigestTime, [&plan, days = config.days](LocalDate date) {
                return days.contains(date) && !plan.is_holiday(date);
            }};
}

class DailyDigest final : public ScheduledRitual {
public:
    std::string_view name() const override { return kDailyDigest; }

    std::vector<DueRun> latest_due(Context& context, std::chrono::sys_seconds now) const override {
        std::vector<DueRun> due;
        if (context.db == nullptr) return due;
        for (const std::string& channel : storage::Tickets(*context.db).channels()) {
            const CaptainPlan plan = CaptainPlan::load(*context.db, channel);
            // Tickets say nothing of when the digest was set up: the first run seen decides.
            if (auto run = due_run(kDailyDigest, channel, digest_rule(plan), now, std::nullopt))
                due.push_back(std::move(*run));
        }
        return due;
    }

    std::optional<std::chrono::sys_seconds> next_after(
        Context& context, std::chrono::sys_seconds now) const override {
        std::optional<std::chrono::sys_seconds> earliest;
        if (context.db == nullptr) return earliest;
        for (const std::string& channel : storage::Tickets(*context.db).channels()) {
            const CaptainPlan plan = CaptainPlan::load(*context.db, channel);
            const auto fire = next_fire_after(digest_rule(plan), now);
            if (fire && (!earliest || fire->at < *earliest)) earliest = fire->at;
        }
        return earliest;
    }

    Effects fire(const DueRun& run, Context& context) const override {
        storage::Database& db = *context.db;
        const CaptainPlan plan = CaptainPlan::load(db, run.channel);
        const auto today = parse_iso_date(run.local_date);
        Effects effects;
        if (!today) return effects;
        const LocalDate yesterday = *today - date::days{1};
        const Digest digest = build_digest(
            db, run.channel,
            std::chrono::year_month_day{std::chrono::sys_days{yesterday.time_since_epoch()}},
            plan.config().zone);
        const std::string fallback = "Outlier digest for " + format_date(yesterday);

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

std::unique_ptr<ScheduledRitual> make_daily_digest() {
    return std::make_unique<DailyDigest>();
}

}  // namespace ritualbot::commands
