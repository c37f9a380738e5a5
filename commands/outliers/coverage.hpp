#pragma once
// Which local dates a scheduled digest covers (DESIGN.md "Digest JSON": the scheduled digest
// covers every date since the previous one). A digest fired on date D covers from the date of
// the previous digest that fired in the channel up to D − 1: Monday's covers Friday, Saturday and
// Sunday; the one after a holiday covers the holiday's eve too; the first after a downtime
// covers what was missed, up to kMaxDigestDays. A channel's first digest covers only D − 1.
// Pure, safe from any thread.

#include <optional>

#include "commands/schedule/local_time.hpp"

namespace ritualbot::commands {

struct DateRange {
    LocalDate from;
    LocalDate to;  // inclusive
};

// `previous`: the local date the channel's previous digest fired on (nullopt: none yet).
DateRange digest_coverage(std::optional<LocalDate> previous, LocalDate today);

}  // namespace ritualbot::commands
