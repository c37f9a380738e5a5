#pragma once
// A CSV import from a string into channel C1, and its rejects as text for a failing check.

#include <sstream>
#include <string>

#include "commands/ticket_data/importer.hpp"

namespace ritualbot::test {

inline commands::ImportReport import_csv(storage::Database& db, const std::string& text,
                                         const commands::ImportOptions& options = {}) {
    std::istringstream in(text);
    return commands::import_tickets_csv(db, "C1", in, options);
}

inline std::string reasons(const commands::ImportReport& report) {
    std::string out;
    for (const auto& r : report.rejected) out += std::to_string(r.line) + ": " + r.reason + "\n";
    return out;
}

}  // namespace ritualbot::test
