#include "commands/captain/changeover.hpp"

#include "commands/captain/captain_handlers.hpp"
#include "commands/captain/captain_plan.hpp"
#include "commands/clock.hpp"
#include "commands/handoff/open_work.hpp"
#include "commands/incidents/awaiting_review.hpp"
#include "commands/outliers/open_investigations.hpp"
#include "commands/render/handoff_blocks.hpp"
#include "commands/render/user_text.hpp"
#include "commands/replies.hpp"
#include "commands/schedule/channel_ritual.hpp"
#include "storage/audit_log.hpp"
#include "storage/captain_roster.hpp"

namespace ritualbot::commands {
namespace {

class CaptainChangeover final : public ChannelRitual {
public:
    std::string_view name() const override { return kCaptainChangeover; }

    void for_each_channel(ScheduleReads& reads, const VisitChannel& visit) const override {
        for (const std::string& channel : storage::CaptainRoster(reads.db()).channels()) {
            const CaptainPlan& plan = reads.plan_for_rules(channel);
            if (plan.roster().empty()) continue;
            // The shift in progress when the roster was set up is not announced: the reply
            // to `add` already said who is captain.
            visit(channel, plan.shift_rule(), plan.start()->started_at);
        }
    }

    Effects fire(const DueRun& run, Context& context) const override {
        storage::Database& db = *context.db;
        const auto now = now_seconds(context.clock);
        CaptainPlan::settle(db, run.channel, now);
        const CaptainPlan plan = CaptainPlan::load(db, run.channel);
        const Projection projection = plan.project(now, 1);
        Effects effects;
        if (!projection.current) return effects;
        const PlannedShift& shift = projection.shifts[*projection.current];
        if (!shift.pick || format_date(shift.slot.start) != run.local_date) return effects;

        storage::CaptainRoster roster(db);
        render::ChangeoverView view{
            std::string(":ship: *Captain change-over* — ")
                .append(captain::shift_label(plan, shift))
                .append("\n")
                .append(captain::captain_text(shift))
                .append(" is captain")
                .append(plan.config().stored.captain_period == storage::CaptainPeriod::weekly
                            ? " this week."
                            : " today."),
            "*Checklist*\n"
            "• Review yesterday's outlier digest (`/outliers yesterday`)\n"
            "• Triage the queue\n"
            "• Update the playbook\n"};
        view.checklist += incidents_awaiting_review_checklist(db, run.channel);
        view.checklist.pop_back();  // the last line's newline
        // The text is what notifications and screen readers show; the blocks add the open work.
        std::string text = view.headline + "\n" + view.checklist + "\n" +
                           open_investigation_checklist(db, run.channel, to_unix_ms(now));
        if (const auto note = roster.handoff(run.channel)) {
            view.note = render::HandoffNote{note->by, render::repost_text(note->text)};
            text.append("*Handoff from ")
                .append(mention(note->by))
                .append("*\n>")
                .append(view.note->text)
                .append("\n");
            roster.clear_handoff(run.channel);
        }
        view.work = handoff::handoff_work(db, run.channel, local_date_of(plan.config().zone, now),
                                 to_unix_ms(now));
        if (projection.shifts.back().starts_at > now) {
            const PlannedShift& next = projection.shifts.back();
            view.next = std::string("Next: ")
                            .append(captain::captain_text(next))
                            .append(" from ")
                            .append(captain::shift_label(plan, next))
                            .append(".");
            text += view.next;
        }
        effects.posts.push_back({run.channel, text, "", render::changeover_blocks(view)});
        if (!plan.config().stored.usergroup.empty()) {
            effects.usergroup_updates.push_back(
                {plan.config().stored.usergroup, {shift.pick->user}});
        }
        storage::AuditEntry entry{0,
                                  run.channel,
                                  "ritualbot",
                                  "captain.changeover",
                                  shift.pick->user + " " + run.local_date,
                                  to_unix_ms(now)};
        storage::AuditLog(db).record(entry);
        return effects;
    }
};

}  // namespace

std::unique_ptr<ScheduledRitual> make_captain_changeover() {
    return std::make_unique<CaptainChangeover>();
}

}  // namespace ritualbot::commands
