#include "commands/captain/captain_command.hpp"

#include "commands/captain/captain_handlers.hpp"
#include "commands/channel/config_commands.hpp"
#include "commands/clock.hpp"
#include "commands/replies.hpp"
#include "storage/captain_roster.hpp"

namespace ritualbot::commands {
namespace captain {

Change unchanged(Reply reply) {
    return {std::move(reply), false};
}
Change committed(Reply reply) {
    return {std::move(reply), true};
}

Reply apply_change(const Request& request, Context& context,
                   const std::function<Change(storage::Database&, std::int64_t now_ms)>& change) {
    if (context.db == nullptr) return ephemeral_reply("The captain rotation needs the database.");
    storage::Database& db = *context.db;
    storage::Transaction tx(db);
    CaptainPlan::settle(db, request.channel_id, now_seconds(context.clock));
    Change result = change(db, now_ms(context.clock));
    if (result.commit) tx.commit();
    return std::move(result.reply);
}

std::optional<CaptainPlan> load_plan(const Request& request, Context& context, Reply& error) {
    if (context.db == nullptr) {
        error = ephemeral_reply("The captain rotation needs the database.");
        return std::nullopt;
    }
    return CaptainPlan::load(*context.db, request.channel_id);
}

std::string shift_label(const CaptainPlan& plan, const PlannedShift& shift) {
    const std::string day = format_day(shift.slot.start);
    return plan.config().stored.captain_period == storage::CaptainPeriod::weekly ? "week of " + day
                                                                                 : day;
}

std::string captain_text(const PlannedShift& shift) {
    if (!shift.pick) return "nobody available";
    const Pick& pick = *shift.pick;
    std::string text = mention(pick.user);
    if (pick.reason == PickReason::pinned) text += " (swap)";
    if (pick.reason == PickReason::covering) {
        const std::string why = pick.turn_why == "skip"   ? "skipped"
                                : pick.turn_why == "away" ? "away"
                                                          : "swapped";
        text += " (covering for " + mention(pick.turn_of) + ", " + why + ")";
    }
    return text;
}

const PlannedShift* shift_on(const Projection& projection, LocalDate date) {
    for (const PlannedShift& shift : projection.shifts) {
        if (shift.slot.start <= date && date <= shift.slot.last_day) return &shift;
    }
    return nullptr;
}

const PlannedShift* next_shift_of(const Projection& projection, const std::string& user,
                                  bool include_current) {
    const std::size_t first =
        projection.current ? *projection.current + (include_current ? 0 : 1) : 0;
    for (std::size_t i = first; i < projection.shifts.size(); ++i) {
        const auto& pick = projection.shifts[i].pick;
        if (pick && pick->user == user) return &projection.shifts[i];
    }
    return nullptr;
}

Reply config(const Request& request, const Args& args, Context& context) {
    if (args.tokens.size() < 2) return usage_error(args, "Name one setting and its new value.");
    return ritual_config_shortcut(request, args, context, "captain");
}

}  // namespace captain

Command make_captain_command() {
    using namespace captain;
    return Command{
        .name = std::string(kCaptainCommand),
        .summary = "The rotating captain: who it is, the roster, the schedule and its exceptions",
        .subcommands =
            {
                {"who", "who", "Today's captain and the next one", who, true},
                {"schedule", "schedule [n]", "The next n shifts (default 7, at most 60)", schedule,
                 true},
                {"roster", "roster", "The roster, in rotation order", roster, true},
                {"add", "add @user…", "Add people to the end of the roster (admins)", add},
                {"remove", "remove @user", "Take someone off the roster (admins)", remove},
                {"skip", "skip [@user] [YYYY-MM-DD]",
                 "Skip a shift (default: your next); you are first in line afterwards", skip},
                {"unskip", "unskip [@user] [YYYY-MM-DD]", "Undo a skip", unskip},
                {"swap", "swap @a @b",
                 "Exchange the next shifts of two people (they accept in a DM unless an admin "
                 "asks)",
                 swap},
                {"away", "away @user FROM[..TO]",
                 "Out of office for those dates; the turns are owed back", away},
                {"back", "back @user", "Undo an away: back in the rotation", back},
                {"holiday", "holiday add|remove YYYY-MM-DD [name]",
                 "A day off for the crew: no shift starts (admins)", holiday},
                {"holidays", "holidays", "The crew's upcoming days off", holidays, true},
                {"handoff", "handoff TEXT",
                 "Leave a note for the next captain's announcement (captain)", handoff},
                {"stats", "stats", "Shifts served per person: the fairness ledger", stats, true},
                {"config", "config period|days|time|tz|usergroup VALUE",
                 "Change the rotation: daily|weekly, mon-fri, 09:00, Europe/Berlin, "
                 "@group|none (admins; a group: a workspace admin or an admin in it; same as "
                 "`/ritual config set captain.KEY VALUE`)",
                 config},
            },
        .default_subcommand = "who",
    };
}

}  // namespace ritualbot::commands
