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

std::string with_thousands(std::int64_t n) {
    const std::string digits = std::to_string(n);
    const std::size_t sign = n < 0 ? 1 : 0;
    std::string grouped = digits.substr(0, sign);
    for (std::size_t i = sign; i < digits.size(); ++i) {
        if (i > sign && (digits.size() - i) % 3 == 0) grouped += ',';
        grouped += digits[i];
    }
    return grouped;
}

}  // namespace ritualbot::commands
