#include "commands/suggestions/suggest_command.hpp"

#include <charconv>

#include "commands/channel/admins.hpp"
#include "commands/channel/channel_config.hpp"
#include "commands/channel/config_commands.hpp"
#include "commands/clock.hpp"
#include "commands/replies.hpp"
#include "commands/suggestions/ballot.hpp"
#include "commands/suggestions/suggestion_handlers.hpp"
#include "storage/suggestions.hpp"

namespace ritualbot::commands {
namespace suggestions {

Reply run_change(Context& context, const std::function<Outcome(storage::Database&)>& change,
                 Visibility visibility) {
    if (context.db == nullptr) return ephemeral_reply("Suggestions need the database.");
    storage::Transaction tx(*context.db);
    Outcome outcome = change(*context.db);
    if (outcome.changed) tx.commit();
    Reply reply;
    reply.visibility = outcome.changed ? visibility : Visibility::ephemeral;
    reply.text = std::move(outcome.message);
    reply.effects = std::move(outcome.effects);
    return reply;
}

std::optional<std::int64_t> parse_id(const Token& token) {
    if (token.kind != TokenKind::word) return std::nullopt;
    std::string_view text = token.value;
    if (text.starts_with('#')) text.remove_prefix(1);
    std::int64_t id = 0;
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, id);
    if (text.empty() || ec != std::errc() || ptr != end || id <= 0) return std::nullopt;
    return id;
}

Reply no_arguments_expected(const Args& args) {
    const std::string name = args.subcommand != nullptr ? args.subcommand->name : "this";
    return usage_error(args, "`" + name +
                                 "` takes nothing after it. To suggest something that "
                                 "starts with \"" +
                                 name + "\", write `/suggest add " + name + " …`.");
}

Reply list(const Request& request, const Args& args, Context& context) {
    if (!args.tokens.empty()) return no_arguments_expected(args);
    if (context.db == nullptr) return ephemeral_reply("Suggestions need the database.");
    storage::SuggestionRounds rounds(*context.db);
    storage::Suggestions suggestions(*context.db);
    std::string text;
    for (const auto state : {storage::RoundState::voting, storage::RoundState::collecting}) {
        const auto round = rounds.current(request.channel_id, state);
        if (!round) continue;
        const auto open = suggestions.in_round(round->id);
        text += std::string(text.empty() ? "" : "\n") + "*Round " + std::to_string(round->number) +
                (state == storage::RoundState::voting ? "* (voting now)" : "* (collecting)");
        if (open.empty()) text += "\nNo suggestions yet.";
        for (const auto& s : open) {
            std::string line = suggestion_line(s, true);
            if (s.anonymous && s.author == request.user_id) line += " (yours)";
            text += "\n• " + truncate_utf8(line, 400);
        }
    }
    if (text.empty())
        text = "No suggestions yet. Add one with `/suggest TEXT [#procedure] [anon]`.";
    return ephemeral_reply(truncate_utf8(text, 3900));
}

Reply open(const Request& request, const Args& args, Context& context) {
    if (!args.tokens.empty()) return no_arguments_expected(args);
    return run_change(context, [&](storage::Database& db) {
        const auto now = now_ms(context.clock);
        if (auto refused = require_admin(context, request, "open the vote")) {
            return Outcome{false, *refused, {}};
        }
        return open_vote(db, request.channel_id, request.user_id, now);
    });
}

Reply close(const Request& request, const Args& args, Context& context) {
    if (!args.tokens.empty()) return no_arguments_expected(args);
    return run_change(context, [&](storage::Database& db) {
        const auto now = now_ms(context.clock);
        if (auto refused = require_admin(context, request, "close the vote")) {
            return Outcome{false, *refused, {}};
        }
        const ChannelConfig config = load_channel_config(db, request.channel_id);
        return close_vote(db, request.channel_id, request.user_id, config.zone, now);
    });
}

Reply config(const Request& request, const Args& args, Context& context) {
    return ritual_config_shortcut(request, args, context, "suggest");
}

}  // namespace suggestions

Command make_suggest_command() {
    using namespace suggestions;
    return Command{
        .name = std::string(kSuggestCommand),
        .summary = "Friday improvement suggestions: collect, vote, and follow the winners to done",
        .subcommands =
            {
                {"add", "add TEXT [#procedure] [anon]",
                 "Suggest an improvement (the word add is optional; no text opens a form)", add},
                {"list", "list", "This round's suggestions", list, true},
                {"open", "open", "Post the ballot now (admins)", open},
                {"close", "close", "Close the vote now and announce the winners (admins)", close},
                {"withdraw", "withdraw ID", "Take back your own suggestion", withdraw},
                {"assign", "assign ID @user", "Give an improvement an owner (its owner, admins)",
                 assign},
                {"done", "done ID [note]", "Mark an improvement done (its owner, admins)", done},
                {"target", "target ID METRIC",
                 "Name the digest metric an improvement should bend, e.g. reopen_rate (its "
                 "owner, admins)",
                 target},
                {"status", "status", "Open and done improvements, the streak, procedures", status,
                 true},
                {"config", "config [votes|live|call|open|close|due VALUE]",
                 "Show or change the ritual: votes 3, live on|off, call fri 10:00, open fri "
                 "15:00, close mon 10:00, due 7 (admins; same as `/ritual config set "
                 "suggest.KEY VALUE`)",
                 config},
            },
        .default_subcommand = "add",
        .default_takes_unknown_words = true,
    };
}

}  // namespace ritualbot::commands
