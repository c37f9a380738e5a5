// Every ritual is registered here, one line each; a new ritual is a new folder in commands/ and
// one line below.

#include "commands/command_table.hpp"
#include "commands/captain/captain_command.hpp"
#include "commands/captain/changeover.hpp"
#include "commands/incidents/incident_command.hpp"
#include "commands/outliers/digest_ritual.hpp"
#include "commands/outliers/outliers_command.hpp"
#include "commands/outliers/quarterly_review.hpp"
#include "commands/outliers/weekly_review.hpp"
#include "commands/playbook/playbook_command.hpp"
#include "commands/ritual/ritual_command.hpp"
#include "commands/schedule/scheduler.hpp"
#include "commands/suggestions/friday.hpp"
#include "commands/suggestions/suggest_command.hpp"

namespace ritualbot::commands {

CommandTable make_command_table() {
    CommandTable table;
    table.add(make_ritual_command());
    table.add(make_captain_command());
    table.add(make_outliers_command());
    table.add(make_suggest_command());
    table.add(make_playbook_command());
    table.add(make_incident_command());
    return table;
}

Scheduler make_scheduler() {
    Scheduler scheduler;
    scheduler.add(make_captain_changeover());
    scheduler.add(make_daily_digest());
    scheduler.add(make_weekly_review());
    scheduler.add(make_quarterly_review());
    scheduler.add(make_suggestion_call());
    scheduler.add(make_ballot_open());
    scheduler.add(make_vote_close());
    return scheduler;
}

}  // namespace ritualbot::commands
