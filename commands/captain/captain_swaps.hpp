#pragma once
// What bot/ calls when someone answers a captain swap request in their DM (the Accept and
// Decline buttons of commands/render/swap_blocks). The answer runs in one transaction with its
// audit row; the effects tell the person, the requester and, once applied, the channel.

#include <string>

#include "commands/command_table.hpp"

namespace ritualbot::commands::captain {

struct SwapAnswer {
    std::string user;        // who clicked
    std::string value;       // the button's value: the request id
    std::string dm_channel;  // where the question was asked (D…), to update it in place
    bool accept = false;
};

Effects answer_swap(const SwapAnswer& answer, Context& context);

}  // namespace ritualbot::commands::captain
