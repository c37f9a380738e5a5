#pragma once
// RITUALBOT_TEST_CLOCK_FILE: a clock a test moves by writing unix seconds into a file, so an
// end-to-end test can step the bot through a change-over without sleeping. Read on every
// call; an unreadable file means the wall clock. Never used unless that variable is set.

#include "commands/clock.hpp"

#include <fstream>
#include <string>

namespace ritualbot::bot {

class FileClock final : public commands::Clock {
public:
    explicit FileClock(std::string path) : path_(std::move(path)) {}
    std::chrono::system_clock::time_point now() const override {
        std::ifstream in(path_);
        long long seconds = 0;
        if (in >> seconds) return std::chrono::system_clock::time_point(std::chrono::seconds(seconds));
        return std::chrono::system_clock::now();
    }

private:
    std::string path_;
};

}  // namespace ritualbot::bot
