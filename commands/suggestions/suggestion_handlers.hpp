#pragma once
// Internal to commands/suggestions/: the /suggest handlers and what they share. A changing
// handler runs its change through run_change(), which opens the transaction and commits only
// when the outcome says something changed (its audit row included).

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "commands/command_table.hpp"
#include "commands/schedule/local_time.hpp"
#include "commands/suggestions/voting.hpp"

namespace ritualbot::commands::suggestions {

Reply run_change(Context& context, const std::function<Outcome(storage::Database&)>& change,
                 Visibility visibility = Visibility::ephemeral);

// "12" or "#12".
std::optional<std::int64_t> parse_id(const Token& token);
// The usage error for a subcommand that takes no arguments but got some: `/suggest list of
// things` was probably meant as a suggestion.
Reply no_arguments_expected(const Args& args);

Reply add(const Request&, const Args&, Context&);
Reply list(const Request&, const Args&, Context&);
Reply withdraw(const Request&, const Args&, Context&);
Reply open(const Request&, const Args&, Context&);
Reply close(const Request&, const Args&, Context&);
Reply assign(const Request&, const Args&, Context&);
Reply done(const Request&, const Args&, Context&);
Reply target(const Request&, const Args&, Context&);
Reply status(const Request&, const Args&, Context&);
Reply config(const Request&, const Args&, Context&);

// The streak: consecutive weeks (Monday to Sunday, local) up to this one or the last one in
// which at least one improvement was done; this week counts once something is done in it.
int done_streak(storage::Database& db, const std::string& channel, LocalDate today);
// "#3 Fewer handoffs — owner <@U1>, open 9 days, due Fri 4 Dec (overdue)", one line per open
// improvement.
std::string open_improvement_lines(storage::Database& db, const std::string& channel,
                                   LocalDate today, std::int64_t now_ms);

}  // namespace ritualbot::commands::suggestions
