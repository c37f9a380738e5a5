#pragma once
// A review's countermeasures, one per line, each becoming an improvement when the incident is
// published. A line is what to do, and may carry its owner (`@U123ABC`, the member ID Slack's
// profile menu copies, or a pasted `<@U123ABC>` mention), a due date (`2026-12-15` or
// `due 2026-12-15`, not in the past) and the procedure it changes (`#refunds`, resolved against
// the channel's playbook). Reads the playbook through the caller's Database.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "commands/result.hpp"
#include "commands/schedule/local_time.hpp"
#include "storage/database.hpp"
#include "storage/procedures.hpp"

namespace ritualbot::commands::incidents {

struct Countermeasure {
    std::string text;                               // plain, as typed, without the markers
    std::string owner;                              // Slack user id; empty: nobody yet
    std::optional<LocalDate> due;                   // nullopt: the crew's usual due days
    std::optional<storage::Procedure> procedure{};  // nullopt: none named
};

Result<Countermeasure> parse_countermeasure(storage::Database& db, const std::string& channel,
                                            std::string_view line, LocalDate today);

// Every non-empty line; the first error says which line ("Line 2: …").
Result<std::vector<Countermeasure>> parse_countermeasures(storage::Database& db,
                                                          const std::string& channel,
                                                          std::string_view text, LocalDate today);

// The text's non-empty lines, trimmed, list bullets (-, *, •) taken off.
std::vector<std::string> lines_of(std::string_view text);

}  // namespace ritualbot::commands::incidents
