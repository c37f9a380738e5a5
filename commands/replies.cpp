#include "commands/replies.hpp"

namespace ritualbot::commands {

Reply ephemeral_reply(std::string text) {
    return Reply{.visibility = Visibility::ephemeral, .text = std::move(text)};
}

Reply channel_reply(std::string text) {
    return Reply{.visibility = Visibility::in_channel, .text = std::move(text)};
}

std::string mention(std::string_view user) {
    return "<@" + std::string(user) + ">";
}

}  // namespace ritualbot::commands
