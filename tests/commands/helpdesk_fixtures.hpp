#pragma once
// The helpdesk API fixtures (tests/fixtures/helpdesk), read whole.

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace ritualbot::test {

inline std::string helpdesk_fixture(const std::string& name) {
    const std::string path = std::string(RITUALBOT_FIXTURES_DIR) + "/helpdesk/" + name;
    std::ifstream file(path, std::ios::binary);
    if (!file) throw std::runtime_error("cannot read fixture " + path);
    std::ostringstream text;
    text << file.rdbuf();
    return text.str();
}

}  // namespace ritualbot::test
