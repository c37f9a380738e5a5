#pragma once
// A crew on an in-memory database with a hand-moved clock, driven through the real command
// table and scheduler, as bot/ drives them.

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "commands/command_table.hpp"
#include "commands/schedule/scheduler.hpp"
#include "people_fixture.hpp"
#include "storage/database.hpp"
#include "support/slash_command.hpp"
#include "support/test_database.hpp"

namespace ritualbot::test {

inline std::chrono::sys_seconds utc(int y, unsigned m, unsigned d, int hh, int mm = 0) {
    return std::chrono::sys_seconds{
        std::chrono::sys_days{std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d}} +
        std::chrono::hours{hh} + std::chrono::minutes{mm}};
}

struct Emitted {
    commands::Effects effects;
    std::string key;
};

struct CrewFixture {
    CrewFixture() = default;
    explicit CrewFixture(storage::Database database) : db(std::move(database)) {}

    storage::Database db = ritualbot::test::test_database();
    // Friday 27 Nov 2026, 10:00 UTC.
    commands::ManualClock clock{utc(2026, 11, 27, 10)};
    TestPeople people;  // U1 is an admin everywhere (RITUALBOT_ADMINS)
    commands::Context context{&db, clock, &people};
    commands::CommandTable table = commands::make_command_table();
    commands::Scheduler scheduler = commands::make_scheduler();
    std::vector<Emitted> emitted;

    commands::Reply run(std::string command, std::string text, std::string user = "U1",
                        std::string channel = "C0CREW") {
        commands::Request request =
            slash_command(std::move(command), std::move(text), std::move(user), std::move(channel));
        request.team_id = "T1";
        return table.dispatch(request, context);
    }
    commands::Reply captain(std::string text, std::string user = "U1") {
        return run("/captain", std::move(text), std::move(user));
    }
    commands::TickReport tick() {
        return scheduler.tick(context,
                              [this](const commands::Effects& effects, const std::string& key) {
                                  emitted.push_back({effects, key});
                              });
    }
    std::int64_t count(const std::string& sql) { return test::query_int(db, sql); }
};

}  // namespace ritualbot::test
