// Every ritual is registered here, one line each; a new ritual is a new folder in commands/ and
// one line below.

#include "commands/command_table.hpp"
#include "commands/ritual/ritual_command.hpp"

namespace ritualbot::commands {

CommandTable make_command_table() {
    CommandTable table;
    table.add(make_ritual_command());
    return table;
}

}  // namespace ritualbot::commands
