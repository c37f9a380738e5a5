// Socket Mode load benchmark (issue 8): a load generator pushes N `/ritual help` slash-command
// envelopes through the emulator (the fake Slack of the end-to-end tests, emulator/) to a
// client process, keeping a fixed number of envelopes in flight, and measures acks per
// second, ack latency (emulator push to ack received: p50, p99, max) and the client's
// resident memory idle and at peak (/proc/PID/status VmRSS, VmHWM).
//
// The client is either the real `ritualbot run` or the bare acking client
// (bench/bare_ack_client.cpp), both started as child processes against a fresh emulator per
// run, so both rows are produced by the same generator on the same machine.
//
// Usage: ritualbot_socket_bench bot|bare CLIENT_BINARY WINDOW [ENVELOPES]
// Prints one line: client window envelopes acks_per_s p50_ms p99_ms max_ms rss_idle_kib
// rss_peak_kib reply_bytes (the length of the reply text in the ack of one more /ritual help
// sent after the run; 0 without one).
// RITUALBOT_BARE_REPLY_BYTES, when set, is passed on to the client (bare_ack_client.cpp).

#include "child_process.hpp"
#include "emulator/emulator.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace ritualbot::bench {
namespace {

using Clock = std::chrono::steady_clock;
using emulator::Emulator;
using namespace std::chrono_literals;

constexpr int kWarmup = 500;

double ms(Clock::duration d) {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(d).count() / 1e6;
}

// Pushes `count` envelopes keeping `window` unacked; the ack latencies, in push order.
std::vector<Clock::duration> drive(Emulator& slack, int count, int window) {
    std::vector<Clock::duration> latencies;
    latencies.reserve(count);
    std::deque<std::string> in_flight;
    int pushed = 0;
    while (static_cast<int>(latencies.size()) < count) {
        while (pushed < count && static_cast<int>(in_flight.size()) < window) {
            in_flight.push_back(slack.push_slash_command("/ritual", "help"));
            ++pushed;
        }
        const auto ack = slack.wait_for_ack(in_flight.front(), 10s);
        if (!ack) throw std::runtime_error("no ack within 10 s for " + in_flight.front());
        latencies.push_back(ack->acked_at - ack->pushed_at);
        in_flight.pop_front();
    }
    return latencies;
}

int run(const std::string& kind, const std::string& binary, int window, int envelopes) {
    const ScratchDir scratch("ritualbot-socket-bench");
    const std::filesystem::path& dir = scratch.path();
    int status = 0;
    {
        Emulator slack;
        std::map<std::string, std::string> environment = {
            {"SLACK_APP_TOKEN", Emulator::kAppToken},
            {"SLACK_BOT_TOKEN", Emulator::kBotToken},
            {"SLACK_API_URL", slack.api_url()},
            {"RITUALBOT_CA_FILE", slack.ca_file()},
            {"RITUALBOT_DB", (dir / "ritualbot.db").string()},
            {"RITUALBOT_HTTP_ADDR", "127.0.0.1:0"},
            {"RITUALBOT_LOG", "warn"},
            {"TZ", "UTC"}};
        if (const char* bytes = std::getenv("RITUALBOT_BARE_REPLY_BYTES")) {
            environment["RITUALBOT_BARE_REPLY_BYTES"] = bytes;
        }
        if (const char* path = std::getenv("PATH")) environment["PATH"] = path;
        if (const char* home = std::getenv("HOME")) environment["HOME"] = home;
        const std::string log = (dir / (kind + ".log")).string();
        Child child(binary,
                    kind == "bot" ? std::vector<std::string>{"run"} : std::vector<std::string>{},
                    environment, log);
        if (!slack.wait_for_connections(1, 30s)) {
            std::fprintf(stderr, "%s never connected; its log (%s):\n", kind.c_str(), log.c_str());
            std::ifstream in(log);
            std::string line;
            while (std::getline(in, line)) std::fprintf(stderr, "%s\n", line.c_str());
            status = 1;
        } else {
            std::this_thread::sleep_for(1s);  // settle: start-up work done, idle
            const long idle = status_kib(child.pid(), "VmRSS");
            drive(slack, kWarmup, window);
            const auto began = Clock::now();
            std::vector<Clock::duration> latencies = drive(slack, envelopes, window);
            const auto took = Clock::now() - began;
            const long peak = status_kib(child.pid(), "VmHWM");
            std::sort(latencies.begin(), latencies.end());
            const auto at = [&](double q) {
                return ms(latencies[std::min(latencies.size() - 1,
                                             static_cast<std::size_t>(q * latencies.size()))]);
            };
            // One more envelope, after the measurement, to read the reply's size from its ack.
            const auto probe = slack.wait_for_ack(slack.push_slash_command("/ritual", "help"), 10s);
            const nlohmann::json reply = probe ? probe->payload : nlohmann::json();
            const std::size_t reply_bytes =
                reply.is_object() ? reply.value("text", std::string()).size() : 0;
            std::printf("%s %d %d %.0f %.3f %.3f %.3f %ld %ld %zu\n", kind.c_str(), window,
                        envelopes, envelopes / (ms(took) / 1000.0), at(0.50), at(0.99),
                        ms(latencies.back()), idle, peak, reply_bytes);
        }
    }
    return status;
}

}  // namespace
}  // namespace ritualbot::bench

int main(int argc, char** argv) {
    if (argc < 4 || (std::string(argv[1]) != "bot" && std::string(argv[1]) != "bare")) {
        std::fprintf(stderr, "usage: %s bot|bare CLIENT_BINARY WINDOW [ENVELOPES]\n", argv[0]);
        return 2;
    }
    try {
        return ritualbot::bench::run(argv[1], argv[2], std::atoi(argv[3]),
                                     argc > 4 ? std::atoi(argv[4]) : 20000);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "socket bench: %s\n", e.what());
        return 1;
    }
}
