#include "commands/ritual/ritual_command.hpp"

#include "commands/channel/admin_commands.hpp"
#include "commands/channel/channel_presence.hpp"
#include "commands/channel/config_commands.hpp"
#include "commands/ritual/me_command.hpp"

namespace ritualbot::commands {
namespace {

std::string command_list(const CommandTable& table) {
    std::string out;
    for (const Command& command : table.commands()) {
        if (!out.empty()) out += ", ";
        out += '`' + escape_mrkdwn(command.name) + "`";
    }
    return out;
}

Reply help(const Request&, const Args& args, Context&) {
    // The table is reached through Args, not captured: a captured pointer would dangle once
    // make_command_table() moves the table to its caller.
    if (args.table == nullptr) return usage_error(args, "Help is not available here.");
    if (args.tokens.size() > 1) {
        return usage_error(args, "`help` takes at most one command name.");
    }
    Reply reply;
    reply.visibility = Visibility::ephemeral;
    if (args.tokens.empty()) {
        reply.text = args.table->help();
        return reply;
    }
    const Token& wanted = args.tokens.front();
    reply.text = wanted.kind == TokenKind::word ? args.table->help(wanted.value) : std::string();
    if (reply.text.empty()) {
        return usage_error(args, '"' + to_mrkdwn(wanted) + "\" is not a command here. Commands: " +
                                     command_list(*args.table) + ".");
    }
    return reply;
}

}  // namespace

Command make_ritual_command() {
    return Command{
        .name = std::string(kRitualCommand),
        .summary = "Help for every ritual in this channel",
        .subcommands =
            {
                {.name = "help",
                 .usage = "help [command]",
                 .summary = "List the commands, or show one in detail",
                 .handler = help,
                 .read_only = true,
                 .any_channel = true},
                {"config", "config show | set KEY VALUE | metric METRIC",
                 "Every setting of this channel, with who changed it; change one (admins)",
                 ritual_config},
                {"admins", "admins [add|remove @user…]",
                 "Who may change the roster and settings (workspace admins, RITUALBOT_ADMINS "
                 "and channel admins); admins add or remove channel admins",
                 admins_command},
                {"leave", "leave",
                 "Take this channel out of every ritual; the data stays (admins)",
                 leave_command},
                {"join", "join", "Bring this channel back to the rituals (admins)",
                 join_command},
                {"me", "me thanks [on|off]",
                 "Whether the bot thanks you by name (e.g. for an incident review); shows it "
                 "without on or off",
                 me_command},
            },
        .default_subcommand = "help",
    };
}

}  // namespace ritualbot::commands
