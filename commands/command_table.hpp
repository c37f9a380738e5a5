#pragma once
// Table-driven commands: each slash command is one Command entry listing its subcommands with
// their usage, summary and handler. Dispatch, `help`, and the replies to unknown commands and
// subcommands are all generated from the table, so they cannot drift from the grammar.
//
// A CommandTable is built once at start-up (make_command_table) and then only read; it is not
// synchronised, so build it before sharing it. Handlers never perform I/O: they read and write
// through Context and return a Reply whose posts bot/ carries out.

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "commands/clock.hpp"
#include "commands/request.hpp"
#include "commands/tokenizer.hpp"

namespace ritualbot::storage {
class Database;
}

namespace ritualbot::commands {

class CommandTable;
class PeopleDirectory;
struct Command;
struct Subcommand;

// What every handler gets. db is a pointer, not a reference, so unit tests of rituals that do not
// touch storage can pass nullptr; bot/ always passes the open database. people answers who is
// an admin or in a user group; without it nobody is known, so admin-only changes are refused.
struct Context {
    storage::Database* db = nullptr;
    const Clock& clock;
    const PeopleDirectory* people = nullptr;
};

// A subcommand's arguments, already tokenized. dispatch() sets the pointers to the entries being
// run, so a handler can build usage errors and help without capturing the table.
struct Args {
    std::vector<Token> tokens{};  // after the subcommand word
    std::string text{};           // the same, as Slack sent it (escaped), trimmed: for free text
    const CommandTable* table = nullptr;
    const Command* command = nullptr;
    const Subcommand* subcommand = nullptr;
};

using Handler = std::function<Reply(const Request&, const Args&, Context&)>;

// Members carry `{}` so entries can be written with designated initializers that leave fields
// out, without -Wmissing-field-initializers.
struct Subcommand {
    std::string name{};     // "schedule"; matched case-insensitively
    std::string usage{};    // "schedule [n]", without the command name
    std::string summary{};  // one line, shown in help
    Handler handler{};
    // Only reads: bot/ runs it in a read transaction, so it is answered while another process
    // holds the write lock. (Marking a writer read-only would still be correct, just slower to
    // lock: the transaction takes the write lock when the first write comes.)
    bool read_only = false;
    // Reads months of tickets or several days of digests: bot/ runs it off the thread that acks
    // every envelope (on its worker), acks "working on it", and the answer follows as a message.
    // Only for read-only subcommands.
    bool slow = false;
    // Answers the same wherever it is typed (help): typed in a DM, it asks for no crew.
    bool any_channel = false;
};

struct Command {
    std::string name{};     // "/ritual", with the slash
    std::string summary{};  // one line, shown in the list of commands
    std::vector<Subcommand> subcommands{};
    std::string default_subcommand{};  // run when the text is empty; empty: show help
    // For grammars like `/suggest TEXT` or `/outliers [DATE]`: when the first word is not a
    // subcommand, run the default subcommand with all tokens instead of replying "unknown".
    bool default_takes_unknown_words = false;
};

// What a request resolves to: the subcommand it runs, with its arguments, or the reply given
// without running anything (help, an unknown command or subcommand, unreadable text).
struct Resolution {
    const Subcommand* subcommand = nullptr;
    Args args{};
    Reply reply{};  // when subcommand is null

    // True when dispatching it only reads: a read-only subcommand, or a reply that runs nothing.
    bool read_only() const { return subcommand == nullptr || subcommand->read_only; }
    // True when it runs a slow subcommand (Subcommand::slow); help and errors are never slow.
    bool slow() const { return subcommand != nullptr && subcommand->slow; }
    // True when it acts on a crew: a subcommand that is not any_channel. Help and errors need
    // none.
    bool needs_crew() const { return subcommand != nullptr && !subcommand->any_channel; }
};

class CommandTable {
public:
    // Throws std::logic_error on a duplicate or malformed entry: that is a programming error.
    void add(Command command);

    // Picks the command and subcommand and tokenizes the arguments. Every command answers `help`
    // (from its own entry) unless it defines a `help` subcommand itself.
    Resolution resolve(const Request& request) const;

    // Runs what resolve(request) picked: the handler, or the reply given without one. A caller
    // that needs to look at the resolution first (bot/ picks the transaction's lock from
    // read_only()) resolves once and passes it here.
    Reply dispatch(Resolution resolution, const Request& request, Context& context) const;
    Reply dispatch(const Request& request, Context& context) const;

    // What `@ritualbot captain who` (or "captain who" in a DM) asks for: the first word names
    // the command as a slash command's name does (`captain` or `/captain`) and the rest is its
    // text; any other first word is /ritual's ("help", "config show"). `where` gives the
    // channel, user and team; its command and text are replaced.
    Request request_from_words(std::string_view words, Request where) const;

    // Help for every command, or for one (`/captain` or `captain`); empty when no such command.
    std::string help(std::string_view command = {}) const;

    const std::vector<Command>& commands() const { return commands_; }
    const Command* find(std::string_view name) const;

private:
    const std::string& help_of(const Command& command) const;

    std::vector<Command> commands_;
    std::vector<std::string> command_helps_;  // command_helps_[i] is commands_[i]'s help
};

// An ephemeral reply that says what was wrong and shows the subcommand's usage.
Reply usage_error(const Command& command, const Subcommand& subcommand, std::string what);
Reply usage_error(const Args& args, std::string what);

// `/captain schedule [n]`, escaped for mrkdwn and in backticks.
std::string format_usage(const Command& command, const Subcommand& subcommand);

// The one place where rituals are registered, one line each (defined in registry.cpp).
CommandTable make_command_table();

}  // namespace ritualbot::commands
