#pragma once
// Internal to commands/playbook/: the /playbook handlers and the one path every change to a
// procedure takes (find it, check who may, apply, record it in its history and the audit log,
// commit), so no handler can skip a step.

#include <functional>
#include <string>
#include <string_view>

#include "commands/command_table.hpp"
#include "commands/result.hpp"
#include "storage/procedures.hpp"

namespace ritualbot::commands::playbook {

// What a change did: its history line and the announcement for the channel.
struct Edit {
    std::string kind;          // history kind: renamed, owner, link, segment, changed, retired
    std::string detail;        // the history line, mrkdwn (user text escaped)
    std::string announcement;  // for the channel
};
using ChangeFn =
    std::function<Result<Edit>(storage::Database&, const storage::Procedure&, const Args&)>;

// Runs `change` on the procedure the first token names, for its owner or a channel admin;
// `what` completes "only … can <what>". Refusals and errors change nothing.
Reply change_procedure(const Request& request, const Args& args, Context& context,
                       std::string_view what, const ChangeFn& change);

// The procedure the first token names in the request's channel, or why there is none.
Result<storage::Procedure> named_procedure(storage::Database& db, const Request& request,
                                           const Args& args);

// Records one line of the procedure's history, dated in the channel's zone, and its audit row.
void record_event(storage::Database& db, const Request& request, const storage::Procedure& procedure,
                  const std::string& kind, const std::string& detail, const Clock& clock);

// The text after the first `skip` tokens, as Slack sent it (escaped), trimmed.
std::string text_after(const Request& request, const Args& args, std::size_t skip);

Reply no_database();

Reply add(const Request&, const Args&, Context&);
Reply list(const Request&, const Args&, Context&);
Reply show(const Request&, const Args&, Context&);
Reply rename(const Request&, const Args&, Context&);
Reply retire(const Request&, const Args&, Context&);
Reply owner(const Request&, const Args&, Context&);
Reply link(const Request&, const Args&, Context&);
Reply segment(const Request&, const Args&, Context&);
Reply changed(const Request&, const Args&, Context&);
Reply mark(const Request&, const Args&, Context&);
Reply unmark(const Request&, const Args&, Context&);

}  // namespace ritualbot::commands::playbook
