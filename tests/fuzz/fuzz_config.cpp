// libFuzzer target: the config file parser (config::load with RITUALBOT_CONFIG naming a file
// that holds the input). Problems are values; nothing may crash or throw.

#include "config/settings.hpp"

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <optional>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const std::string path = "/tmp/ritualbot-fuzz-config-" + std::to_string(::getpid());
    {
        std::ofstream file(path, std::ios::binary | std::ios::trunc);
        file.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    }
    const auto env = [](const std::string& name) -> std::optional<std::string> {
        if (name == "RITUALBOT_CONFIG") return path;
        return std::nullopt;
    };
    const auto loaded = ritualbot::config::load(env);
    (void)ritualbot::config::problems_for_run(loaded.settings);
    (void)ritualbot::config::describe(loaded.problems);
    return 0;
}
