#pragma once
// ISO 8601 date-times as ticket sources write them, to and from unix milliseconds. A time must
// carry its offset (`Z`, `+01:00`, `+0100`, `+01`): a bare local time is ambiguous across the
// crews' zones, so it is rejected rather than guessed.
// Pure functions, safe from any thread; fast enough for a million-row import (no locale, no
// allocation on success).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ritualbot::commands {

// `2026-11-20T09:15:00Z`, `2026-11-20 09:15:00.250+01:00`, `2026-11-20T09:15+0100`. Seconds and
// fractions are optional; the date must exist. nullopt when the text is anything else.
std::optional<std::int64_t> parse_iso8601_ms(std::string_view text);

// `2026-11-20T08:15:00Z` (milliseconds shown only when not zero).
std::string format_iso8601_utc(std::int64_t unix_ms);

}  // namespace ritualbot::commands
