#include "commands/render/crew_choice_blocks.hpp"

#include "commands/render/block_kit.hpp"
#include "commands/render/ids.hpp"

namespace ritualbot::commands::render {

using nlohmann::json;

json crew_choice_blocks(const std::string& question, const std::vector<CrewChoice>& choices) {
    json blocks = json::array({section(mrkdwn(question))});
    for (const CrewChoice& choice : choices) {
        json line = section(mrkdwn(std::string("<#").append(choice.channel).append(">")));
        line["accessory"] = button("Run it there", kCrewPickAction, choice.value);
        blocks.push_back(std::move(line));
    }
    return blocks;
}

}  // namespace ritualbot::commands::render
