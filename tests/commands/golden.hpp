#pragma once
// Renderings pinned to expected JSON in tests/render/: a change shows up as a diff of the two,
// path by path. RITUALBOT_UPDATE_GOLDEN=1 writes the files from the current renderer instead
// (then review the change with git diff).

#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

namespace ritualbot::test {

inline std::string expected_path(const std::string& name) {
    return std::string(RITUALBOT_RENDER_EXPECTED_DIR) + "/" + name + ".json";
}

// One line per difference, as RFC 6902 operations: "replace /3/text/text: \"…\"".
inline std::string readable_diff(const nlohmann::json& expected, const nlohmann::json& actual) {
    std::string out;
    for (const nlohmann::json& op : nlohmann::json::diff(expected, actual)) {
        out += op["op"].get<std::string>() + " " + op["path"].get<std::string>();
        if (op.contains("value")) out += ": " + op["value"].dump();
        out += "\n";
    }
    return out;
}

inline void check_rendering(const std::string& name, const nlohmann::json& actual) {
    const std::string path = expected_path(name);
    const char* update = std::getenv("RITUALBOT_UPDATE_GOLDEN");
    if (update != nullptr && std::string(update) == "1") {
        std::ofstream(path) << actual.dump(2) << "\n";
        WARN("wrote " << path);
        return;
    }
    std::ifstream file(path);
    INFO("expected JSON: " << path << " (RITUALBOT_UPDATE_GOLDEN=1 writes it)");
    REQUIRE(file.good());
    const nlohmann::json expected = nlohmann::json::parse(file);
    // The difference, not both documents: a renderer change reads as a short list of edits.
    const std::string differences = readable_diff(expected, actual);
    INFO("differences, expected -> rendered:\n" << differences);
    CHECK(differences.empty());
}

}  // namespace ritualbot::test
