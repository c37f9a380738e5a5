#pragma once
// The wall clock in unix milliseconds, for transport bookkeeping (outbox times, processed
// event ids, request signatures, retention). The rituals read time only through the
// commands::Clock they are given (system_clock.hpp in a running bot).

#include <cstdint>

namespace ritualbot::bot {

std::int64_t wall_clock_ms();

}  // namespace ritualbot::bot
