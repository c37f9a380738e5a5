#pragma once
// The week's defect clusters for the weekly review: causes grouped by cause_key (causes.hpp)
// and then near duplicates merged, so "Credit note step skipped", "credit-note step skiped"
// and "Credit note skipped" count as one defect. Two keys are near duplicates when their edit
// distance is small for their length (a typo) or their words mostly overlap (a word added or
// left out). Pure functions, safe from any thread.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "storage/investigations.hpp"

namespace ritualbot::commands {

// Levenshtein distance over bytes.
std::size_t edit_distance(std::string_view a, std::string_view b);
// Whether two cause keys (cause_key) name the same defect.
bool near_duplicate_causes(std::string_view a, std::string_view b);

struct CauseCluster {
    std::string cause;  // the most frequent spelling (ties: the most recent)
    std::size_t count = 0;
    std::int64_t last_at = 0;
    std::vector<std::string> procedures;  // those named on its investigations, by name
    std::size_t spellings = 0;            // distinct cause keys merged into it
};

// Largest first; ties: most recent first.
std::vector<CauseCluster> cluster_causes(const std::vector<storage::ProcedureCause>& causes);

}  // namespace ritualbot::commands
