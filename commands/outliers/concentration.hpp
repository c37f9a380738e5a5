#pragma once
// Where a flagged rise concentrates: for a rate that rose in a segment, the part of it (a
// contact path, a request type, a tag) that carries most of the excess over the baseline, so
// the captain reads "82% of the excess is chat" instead of searching. Tags are a segment
// dimension only for the channel's most frequent ones (WindowSegments::top_tags), to keep the
// tests bounded.
// Pure functions, safe from any thread.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "commands/outliers/metrics.hpp"

namespace ritualbot::commands {

// The tags of a ticket ("vip;eu" → vip, eu), blanks trimmed, empty ones dropped.
std::vector<std::string> ticket_tags(const storage::TicketRow& ticket);


struct Concentration {
    Segment part;             // where the excess sits
    double share = 0;         // of the segment's excess, 0..1
    std::size_t events = 0;   // in the part, on the day
    std::size_t tickets = 0;  // in the part with the metric known, on the day
};

// `day`: the segment's tickets on the flagged day. The part, in another dimension than the
// segment's own (request_type, channel, or one of `tags`), whose excess events over
// baseline_rate are the largest share of the segment's; nullopt unless that share is at least
// half and the part has two events or more.
std::optional<Concentration> concentration(const std::vector<const storage::TicketRow*>& day,
                                           const Segment& segment, const RateMetric& metric,
                                           double baseline_rate,
                                           const std::vector<std::string>& tags);

// "; 82% of the excess is chat (9 of 11 chat tickets)", for a `why`.
std::string concentration_text(const Concentration& c);

}  // namespace ritualbot::commands
