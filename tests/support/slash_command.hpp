#pragma once

// A slash command as bot/ hands it to the command table, for tests that drive commands/ directly.

#include <string>
#include <utility>

#include "commands/request.hpp"

namespace ritualbot::test {

inline commands::Request slash_command(std::string command, std::string text,
                                       std::string user = "U1", std::string channel = "C0CREW") {
    commands::Request request;
    request.command = std::move(command);
    request.text = std::move(text);
    request.channel_id = std::move(channel);
    request.user_id = std::move(user);
    return request;
}

}  // namespace ritualbot::test
