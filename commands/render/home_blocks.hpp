#pragma once
// The Home tab (a view of type "home"): a person's captains and shifts, ballots waiting for their
// vote, what they own, one section per kind (each a small function, so a new kind is one more
// line); or, for someone in no crew yet, how to join one.

#include <nlohmann/json.hpp>

#include "commands/home/home_view.hpp"

namespace ritualbot::commands::render {

nlohmann::json home_view(const home::HomeView& view);

}  // namespace ritualbot::commands::render
