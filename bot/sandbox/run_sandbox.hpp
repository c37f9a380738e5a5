#pragma once
// `ritualbot sandbox [--listen HOST:PORT] [--fresh] [--db FILE]`: the real bot and a local
// Slack in one process, no tokens needed. The emulator (with a certificate made at start)
// runs on its own thread and serves the sandbox page; run_bot runs on the calling thread
// against it, with the sandbox clock injected so the page can move time. Returns the exit
// code (64 for bad arguments, 1 when the page's port is taken or the database cannot open).

#include "config/settings.hpp"

#include <string>
#include <vector>

namespace ritualbot::bot::sandbox {

inline constexpr const char* kDefaultListen = "127.0.0.1:8080";
inline constexpr const char* kDefaultDatabase = "./ritualbot-sandbox.db";

int run_sandbox(const config::Settings& settings, const std::vector<std::string>& args);

}  // namespace ritualbot::bot::sandbox
