#pragma once
// Generated tickets (commands/ticket_data/generator) imported into a scene's database by
// `ritualbot import`, as a crew would: 90 days to Thu 29 Oct 2026 by default.

#include "bot_fixture.hpp"
#include "commands/ticket_data/generator.hpp"

#include <fstream>

namespace ritualbot::testing {

inline void import_generated(const BotFixture& scene,
                             const ritualbot::commands::GeneratorOptions& options) {
    const auto data = ritualbot::commands::generate_tickets(options);
    std::ofstream csv(scene.dir + "/tickets.csv", std::ios::binary);
    ritualbot::commands::write_tickets_csv(csv, data.tickets);
    csv.close();
    BotProcess import(RITUALBOT_BINARY,
                      {"import", "--channel", "C0CREW", "--file", scene.dir + "/tickets.csv"},
                      {{"RITUALBOT_DB", scene.dir + "/ritualbot.db"}}, scene.dir + "/import.log");
    int exit_code = -1;
    REQUIRE(import.wait_for_exit(60s, &exit_code));
    INFO(import.log());
    REQUIRE(exit_code == 0);
}

}  // namespace ritualbot::testing
