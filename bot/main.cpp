// The ritualbot program: hands the command line over to bot/cli/cli.cpp (one verb per file);
// `run` reaches bot/app.cpp, the only place that wires every layer.

#include "bot/cli/cli.hpp"

#include <string>
#include <vector>

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    return ritualbot::bot::run_cli(args, ritualbot::config::process_environment());
}
