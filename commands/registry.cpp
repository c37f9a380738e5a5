// Every ritual is registered here, one line each; a new ritual is a new folder in commands/ and
// one line below.

#include "commands/command_table.hpp"
#include "commands/captain/captain_command.hpp"
#include "commands/captain/changeover.hpp"
#include "commands/outliers/outliers_command.hpp"
#include "commands/ritual/ritual_command.hpp"
#include "commands/schedule/scheduler.hpp"

namespace ritualbot::commands {

CommandTable make_command_table() {
    CommandTable table;
    table.add(make_ritual_command());
    table.add(make_captain_command());
    table.add(make_outliers_command());
    return table;
}

Scheduler make_scheduler() {
    Scheduler scheduler;
    scheduler.add(make_captain_changeover());
    return scheduler;
}

}  // namespace ritualbot::commands
