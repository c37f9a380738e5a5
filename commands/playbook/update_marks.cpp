// `/playbook mark NAME [what needs changing]` and `/playbook unmark NAME`: a procedure the crew
// found out of date is marked for update, and the captain's handoff lists it until the change
// is recorded (`/playbook changed` clears the mark). Anyone may mark one, as anyone may suggest;
// the person who marked it, its owner or a channel admin may take the mark off.

#include "commands/channel/admins.hpp"
#include "commands/channel/audit.hpp"
#include "commands/clock.hpp"
#include "commands/playbook/playbook_handlers.hpp"
#include "commands/render/user_text.hpp"
#include "commands/replies.hpp"
#include "commands/suggestions/ballot.hpp"

#include <functional>

namespace ritualbot::commands::playbook {
namespace {

constexpr std::size_t kMaxNoteChars = 500;

std::string code(std::string_view name) {
    return std::string("`").append(escape_mrkdwn(name)).append("`");
}

// Runs `apply` on the procedure the first token names, in one transaction with its audit row.
Reply on_procedure(const Request& request, const Args& args, Context& context,
                   const std::function<Result<std::string>(storage::Database&,
                                                           const storage::Procedure&)>& apply) {
    if (context.db == nullptr) return no_database();
    storage::Database& db = *context.db;
    storage::Transaction tx(db);
    const auto procedure = named_procedure(db, request, args);
    if (!procedure) return usage_error(args, procedure.error());
    const auto announcement = apply(db, *procedure);
    if (!announcement) return ephemeral_reply(announcement.error());
    tx.commit();
    return channel_reply(*announcement);
}

}  // namespace

Reply mark(const Request& request, const Args& args, Context& context) {
    const std::string note = text_after(request, args, 1);
    if (const auto chars = suggestions::utf8_length(unescape_slack(note)); chars > kMaxNoteChars) {
        return usage_error(args, std::string("That note is ")
                                     .append(std::to_string(chars))
                                     .append(" characters; keep it under ")
                                     .append(std::to_string(kMaxNoteChars))
                                     .append("."));
    }
    return on_procedure(
        request, args, context,
        [&](storage::Database& db, const storage::Procedure& p) -> Result<std::string> {
            storage::Procedures(db).set_update_wanted(p.id, note, request.user_id);
            audit(db, request, "playbook.mark", p.name + ": " + note, now_ms(context.clock));
            std::string text = mention(request.user_id) + " marked " + code(p.name) + " for update";
            if (!note.empty()) text.append(": ").append(render::repost_text(note));
            return text.append(". The captain's handoff lists it until `/playbook changed ")
                .append(escape_mrkdwn(p.name))
                .append(" WHAT` records the change.");
        });
}

Reply unmark(const Request& request, const Args& args, Context& context) {
    if (args.tokens.size() != 1) return usage_error(args, "Name one procedure.");
    return on_procedure(
        request, args, context,
        [&](storage::Database& db, const storage::Procedure& p) -> Result<std::string> {
            if (!p.update_wanted) return Error{code(p.name) + " is not marked for update."};
            if (p.update_wanted_by != request.user_id && p.owner != request.user_id) {
                if (auto refused = require_admin(
                        context, request, "take the mark off (whoever marked it, or its owner)"))
                    return Error{*refused};
            }
            storage::Procedures(db).set_update_wanted(p.id, std::nullopt, {});
            audit(db, request, "playbook.unmark", p.name, now_ms(context.clock));
            return mention(request.user_id) + " took the update mark off " + code(p.name) + ".";
        });
}

}  // namespace ritualbot::commands::playbook
