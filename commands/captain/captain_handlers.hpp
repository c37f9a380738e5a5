#pragma once
// Internal to commands/captain/: the /captain handlers and what they share. Every handler that
// changes state runs inside apply_change(), which opens the transaction, settles the shifts
// that have started, and commits only when the change says so, after its audit rows.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "commands/captain/captain_plan.hpp"
#include "commands/command_table.hpp"

namespace ritualbot::commands::captain {

struct Change {
    Reply reply;
    bool commit = false;
};

// Reply unchanged: a "nothing changed" or refusal; committed: after the change.
Change unchanged(Reply reply);
Change committed(Reply reply);

Reply apply_change(const Request& request, Context& context,
                   const std::function<Change(storage::Database&, std::int64_t now_ms)>& change);

// For read-only handlers: the plan, or the reply to give when there is no database.
std::optional<CaptainPlan> load_plan(const Request& request, Context& context, Reply& error);


// The planned shift starting on `date`, or the next shift of `user` from the current one on.
const PlannedShift* shift_on(const Projection& projection, LocalDate date);
const PlannedShift* next_shift_of(const Projection& projection, const std::string& user,
                                  bool include_current);

inline constexpr int kLookAheadShifts = 370;  // far enough to find anyone's next shift

Reply who(const Request&, const Args&, Context&);
Reply schedule(const Request&, const Args&, Context&);
Reply roster(const Request&, const Args&, Context&);
Reply holidays(const Request&, const Args&, Context&);
Reply stats(const Request&, const Args&, Context&);

Reply add(const Request&, const Args&, Context&);
Reply remove(const Request&, const Args&, Context&);
Reply holiday(const Request&, const Args&, Context&);
Reply config(const Request&, const Args&, Context&);

Reply skip(const Request&, const Args&, Context&);
Reply unskip(const Request&, const Args&, Context&);
Reply swap(const Request&, const Args&, Context&);
Reply away(const Request&, const Args&, Context&);
Reply back(const Request&, const Args&, Context&);
Reply handoff(const Request&, const Args&, Context&);

}  // namespace ritualbot::commands::captain
