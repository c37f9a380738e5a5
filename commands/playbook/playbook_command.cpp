#include "commands/playbook/playbook_command.hpp"

#include "commands/channel/channel_config.hpp"
#include "commands/clock.hpp"
#include "commands/playbook/playbook_handlers.hpp"
#include "commands/playbook/procedure_names.hpp"
#include "commands/playbook/scorecard.hpp"
#include "commands/playbook/segments.hpp"
#include "commands/render/scorecard_blocks.hpp"
#include "commands/render/user_text.hpp"
#include "commands/replies.hpp"
#include "commands/suggestions/ballot.hpp"

namespace ritualbot::commands {
namespace playbook {
namespace {

constexpr std::size_t kMaxListBytes = 3900;

}  // namespace

Reply list(const Request& request, const Args& args, Context& context) {
    if (!args.tokens.empty()) return usage_error(args, "`list` takes nothing after it.");
    if (context.db == nullptr) return no_database();
    const auto procedures = storage::Procedures(*context.db).active(request.channel_id);
    if (procedures.empty()) {
        return ephemeral_reply(
            "The playbook is empty. `/playbook add NAME [link] [— purpose]` adds a procedure.");
    }
    std::string text = "*Playbook* (" + std::to_string(procedures.size()) + ")";
    for (const auto& p : procedures) {
        text.append("\n• `").append(escape_mrkdwn(p.name)).append("`");
        if (!p.purpose.empty()) text.append(" — ").append(render::repost_text(p.purpose));
        text.append(" · owner ").append(p.owner.empty() ? "nobody yet" : mention(p.owner));
        if (p.segment_dimension != "all") {
            text.append(" · ").append(describe({p.segment_dimension, p.segment_value}));
        }
        if (!p.link.empty()) text.append(" · <").append(p.link).append("|document>");
    }
    text.append("\n`/playbook show NAME` shows one procedure's scorecard.");
    return ephemeral_reply(suggestions::truncate_utf8(text, kMaxListBytes));
}

Reply show(const Request& request, const Args& args, Context& context) {
    if (args.tokens.size() != 1) return usage_error(args, "Name one procedure.");
    const auto name = name_of(args.tokens.front());
    if (!name) return usage_error(args, bad_name_message(args.tokens.front().value));
    if (context.db == nullptr) return no_database();
    storage::Database& db = *context.db;
    const auto procedure = find_procedure(db, request.channel_id, *name);
    if (!procedure) return usage_error(args, procedure.error());
    const auto zone = load_channel_config(db, request.channel_id).zone;
    const Scorecard card = build_scorecard(
        db, *procedure, local_date_of(zone, now_seconds(context.clock)), zone, now_ms(context.clock));
    Reply reply = ephemeral_reply(render::scorecard_text(card));
    reply.blocks = render::scorecard_blocks(card);
    return reply;
}

}  // namespace playbook

Command make_playbook_command() {
    using namespace playbook;
    return Command{
        .name = std::string(kPlaybookCommand),
        .summary = "The crew's procedures (SOPs): who owns each, what changed, and how its "
                   "indicators move. Anyone adds one and owns it; its owner or a channel admin "
                   "changes it",
        .subcommands =
            {
                {"add", "add NAME [link] [— purpose]",
                 "Add a procedure (you own it); the document stays wherever the crew keeps it",
                 add},
                {"list", "list", "The playbook's procedures", list, true},
                {"show", "show NAME",
                 "A procedure's scorecard: indicators, investigations, causes, improvements, "
                 "customer voice, history",
                 show, true},
                {"changed", "changed NAME WHAT",
                 "Record a change to the procedure, dated, so its indicators can be watched "
                 "(owner or admins)",
                 changed},
                {"mark", "mark NAME [what needs changing]",
                 "Mark the procedure for update: the captain's handoff lists it until the "
                 "change is recorded",
                 mark},
                {"unmark", "unmark NAME",
                 "Take the update mark off (whoever marked it, its owner or admins)", unmark},
                {"owner", "owner NAME @user", "Hand the procedure to a new owner (owner or admins)",
                 owner},
                {"link", "link NAME URL", "Link the procedure's document (owner or admins)", link},
                {"segment", "segment NAME request_type=V|channel=V|tag=V|all",
                 "The tickets the procedure governs, for its indicators (owner or admins)",
                 segment},
                {"rename", "rename OLD NEW", "Rename a procedure; links follow (owner or admins)",
                 rename},
                {"retire", "retire NAME",
                 "Retire a procedure; its history stays (owner or admins)", retire},
            },
    };
}

}  // namespace ritualbot::commands
