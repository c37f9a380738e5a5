#pragma once
// The bot's Home tab: when a person opens it (app_home_opened, tab "home"), their view across
// their crews (commands/home/home_view.hpp) is published with views.publish through the outbox.
// Opening the Messages tab publishes nothing.

#include "bot/slack/event_router.hpp"

namespace ritualbot::bot {

slack::EventHandler make_home_tab_handler();

}  // namespace ritualbot::bot
