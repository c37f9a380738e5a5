#include "bot/interactions/home_tab.hpp"

#include "bot/slack/payload_fields.hpp"
#include "commands/command_table.hpp"
#include "commands/home/home_view.hpp"

namespace ritualbot::bot {

slack::EventHandler make_home_tab_handler() {
    return [](const nlohmann::json& event, commands::Context& context) {
        slack::HandlerResult result;
        const std::string user = slack::string_at(event, "user");
        if (slack::string_at(event, "tab") != "home" || user.empty()) return result;
        result.effects.home_tabs.push_back(
            commands::home::home_tab(*context.db, user, context.clock));
        return result;
    };
}

}  // namespace ritualbot::bot
