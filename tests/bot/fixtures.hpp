#pragma once
// Loads the Slack payload samples in tests/fixtures/slack (see SOURCES.md there).

#include <nlohmann/json.hpp>

#include <fstream>
#include <stdexcept>
#include <string>

namespace ritualbot::testing {

inline nlohmann::json load_slack_fixture(const std::string& name) {
    const std::string path = std::string(RITUALBOT_FIXTURES_DIR) + "/slack/" + name;
    std::ifstream in(path);
    if (!in) throw std::runtime_error("missing fixture " + path);
    return nlohmann::json::parse(in);
}

}  // namespace ritualbot::testing
