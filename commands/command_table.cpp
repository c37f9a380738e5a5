#include "commands/command_table.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

#include "commands/replies.hpp"
#include "commands/ritual/ritual_command.hpp"

namespace ritualbot::commands {
namespace {

constexpr std::string_view kHelp = "help";
// Slack caps what a person can type; anything longer is not a command worth parsing.
constexpr std::size_t kMaxTextLength = 4000;

bool same_name(std::string_view a, std::string_view b) {
    return to_lower(a) == to_lower(b);
}

const Subcommand* find_subcommand(const Command& command, std::string_view name) {
    const auto it = std::find_if(command.subcommands.begin(), command.subcommands.end(),
                                 [&](const Subcommand& s) { return same_name(s.name, name); });
    return it == command.subcommands.end() ? nullptr : &*it;
}

// Commands without their own `help` still answer it; this entry only feeds the usage lines.
bool has_auto_help(const Command& command) {
    return find_subcommand(command, kHelp) == nullptr;
}

std::string usage_lines(const Command& command) {
    std::string out;
    for (const Subcommand& subcommand : command.subcommands) {
        out += "• " + format_usage(command, subcommand) + " — " +
               escape_mrkdwn(subcommand.summary) + "\n";
    }
    if (has_auto_help(command)) {
        out += "• `" + escape_mrkdwn(command.name) + " help` — Show this help\n";
    }
    return out;
}

std::string command_help(const Command& command) {
    return '*' + escape_mrkdwn(command.name) + "* — " + escape_mrkdwn(command.summary) + "\n" +
           usage_lines(command);
}

Reply unknown_command(const CommandTable& table, const Request& request) {
    std::string text = '`' + escape_mrkdwn(request.command) +
                       "` is not a command this bot knows yet. These are:\n";
    for (const Command& command : table.commands()) {
        text += "• `" + escape_mrkdwn(command.name) + "` — ";
        text += escape_mrkdwn(command.summary) + "\n";
    }
    return ephemeral_reply(std::move(text));
}

void check_entry(const Command& command) {
    const auto fail = [&](const std::string& why) {
        throw std::logic_error("command " + command.name + ": " + why);
    };
    if (command.name.size() < 2 || command.name.front() != '/') fail("name must start with /");
    std::vector<std::string> seen;
    for (const Subcommand& subcommand : command.subcommands) {
        const std::string name = to_lower(subcommand.name);
        if (name.empty() || name.find_first_of(" \t\n") != std::string::npos) {
            fail("subcommand name \"" + subcommand.name + "\" must be one word");
        }
        if (std::find(seen.begin(), seen.end(), name) != seen.end()) {
            fail("duplicate subcommand " + subcommand.name);
        }
        seen.push_back(name);
        // Keeps the help honest: the usage a person reads starts with the word that dispatches.
        const std::string_view usage = subcommand.usage;
        const std::string_view usage_word = usage.substr(0, usage.find(' '));
        if (!same_name(usage_word, subcommand.name)) {
            fail("usage \"" + subcommand.usage + "\" must start with " + subcommand.name);
        }
        if (!subcommand.handler) fail("subcommand " + subcommand.name + " has no handler");
        // A slow subcommand runs on another connection, in a read transaction.
        if (subcommand.slow && !subcommand.read_only)
            fail("subcommand " + subcommand.name + " is slow, so it must be read-only");
    }
    const std::string& fallback = command.default_subcommand;
    if (!fallback.empty() && !same_name(fallback, kHelp) &&
        find_subcommand(command, fallback) == nullptr) {
        fail("default subcommand " + fallback + " is not in the table");
    }
    if (command.default_takes_unknown_words && fallback.empty()) {
        fail("default_takes_unknown_words needs a default subcommand");
    }
}

}  // namespace

void CommandTable::add(Command command) {
    check_entry(command);
    if (find(command.name) != nullptr) {
        throw std::logic_error("command " + command.name + " is registered twice");
    }
    command_helps_.push_back(command_help(command));  // answered often, built once
    commands_.push_back(std::move(command));
}

const std::string& CommandTable::help_of(const Command& command) const {
    return command_helps_[static_cast<std::size_t>(&command - commands_.data())];
}

const Command* CommandTable::find(std::string_view name) const {
    // `help captain` is as natural as `help /captain`.
    const std::string wanted = name.starts_with('/') ? std::string(name) : '/' + std::string(name);
    const auto it = std::find_if(commands_.begin(), commands_.end(),
                                 [&](const Command& c) { return same_name(c.name, wanted); });
    return it == commands_.end() ? nullptr : &*it;
}

Request CommandTable::request_from_words(std::string_view words, Request where) const {
    const std::string text = trim(words);
    const std::size_t space = text.find_first_of(" \t\n");
    const Command* named = find(std::string_view(text).substr(0, space));
    if (named != nullptr && !text.empty()) {
        where.command = named->name;
        where.text = space == std::string::npos ? std::string() : trim(text.substr(space));
    } else {
        where.command = kRitualCommand;
        where.text = text;
    }
    return where;
}

std::string CommandTable::help(std::string_view command) const {
    if (!command.empty()) {
        const Command* found = find(command);
        return found == nullptr ? std::string() : help_of(*found);
    }
    std::string out = "*Commands*\n";
    for (const std::string& entry : command_helps_) {
        out += '\n';
        out += entry;
    }
    return out;
}

Resolution CommandTable::resolve(const Request& request) const {
    Resolution resolved;
    const Command* command = find(request.command);
    if (command == nullptr) {
        resolved.reply = unknown_command(*this, request);
        return resolved;
    }
    if (request.text.size() > kMaxTextLength) {
        resolved.reply = ephemeral_reply("That is " + std::to_string(request.text.size()) +
                                   " characters; a command takes at most " +
                                   std::to_string(kMaxTextLength) + ".\n" + usage_lines(*command));
        return resolved;
    }
    auto tokens = tokenize(request.text);
    if (!tokens) {
        resolved.reply = ephemeral_reply("I could not read that: " + tokens.error() + ".\n*Usage*\n" +
                                   usage_lines(*command));
        return resolved;
    }

    Args& args = resolved.args;
    args.table = this;
    args.command = command;
    const Subcommand* fallback = find_subcommand(*command, command->default_subcommand);
    if (tokens->empty()) {
        args.text = trim(request.text);
        resolved.subcommand = fallback;
        if (fallback == nullptr) resolved.reply = ephemeral_reply(help_of(*command));
        return resolved;
    }
    const Token& first = tokens->front();
    const Subcommand* subcommand =
        first.kind == TokenKind::word ? find_subcommand(*command, first.value) : nullptr;
    if (subcommand != nullptr) {
        args.tokens.assign(tokens->begin() + 1, tokens->end());
        args.text = trim(std::string_view(request.text).substr(first.end));
        resolved.subcommand = subcommand;
    } else if (first.kind == TokenKind::word && same_name(first.value, kHelp)) {
        resolved.reply = ephemeral_reply(help_of(*command));
    } else if (command->default_takes_unknown_words && fallback != nullptr) {
        args.tokens = std::move(*tokens);
        args.text = trim(request.text);
        resolved.subcommand = fallback;
    } else {
        resolved.reply =
            ephemeral_reply('"' + to_mrkdwn(first) + "\" is not a " + escape_mrkdwn(command->name) +
                            " subcommand.\n*Usage*\n" + usage_lines(*command));
    }
    return resolved;
}

Reply CommandTable::dispatch(Resolution resolution, const Request& request,
                             Context& context) const {
    if (resolution.subcommand == nullptr) return std::move(resolution.reply);
    resolution.args.subcommand = resolution.subcommand;
    return resolution.subcommand->handler(request, resolution.args, context);
}

Reply CommandTable::dispatch(const Request& request, Context& context) const {
    return dispatch(resolve(request), request, context);
}

std::string format_usage(const Command& command, const Subcommand& subcommand) {
    return '`' + escape_mrkdwn(command.name) + " " + escape_mrkdwn(subcommand.usage) + "`";
}

Reply usage_error(const Command& command, const Subcommand& subcommand, std::string what) {
    return ephemeral_reply(std::move(what) + "\nUsage: " + format_usage(command, subcommand));
}

Reply usage_error(const Args& args, std::string what) {
    if (args.command == nullptr || args.subcommand == nullptr)
        return ephemeral_reply(std::move(what));
    return usage_error(*args.command, *args.subcommand, std::move(what));
}

}  // namespace ritualbot::commands
