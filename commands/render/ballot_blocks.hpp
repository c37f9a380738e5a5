#pragma once
// The suggestion ballot as Block Kit: a header, one section and vote button per suggestion (the
// tally under it when tallies may be shown, a trophy on winners once closed), the voter count.
// Slack's limits: at most 50 blocks (the first kMaxBallotItems suggestions are listed and the
// rest counted), 3000 bytes of section text.

#include <cstddef>

#include <nlohmann/json.hpp>

#include "commands/suggestions/ballot.hpp"

namespace ritualbot::commands::render {

inline constexpr std::size_t kMaxBallotItems = 50 - 3;  // header, "more", footer

nlohmann::json ballot_blocks(const suggestions::BallotView& view);

}  // namespace ritualbot::commands::render
