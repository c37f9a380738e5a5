#pragma once
// The question a command typed in a DM asks when the person has several crews: one line per
// crew (its channel, which Slack shows by name) with a button that runs the command there.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace ritualbot::commands::render {

struct CrewChoice {
    std::string channel{};  // C…
    std::string value{};    // what the button carries back
};

// `question` is mrkdwn the caller escaped.
nlohmann::json crew_choice_blocks(const std::string& question,
                                  const std::vector<CrewChoice>& choices);

}  // namespace ritualbot::commands::render
