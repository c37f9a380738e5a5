// The helpdesk connector's bench (issue 15): 100,000 tickets in pages of 1,000 from the fake
// Zendesk (tests/fake_helpdesk) over loopback TLS, fetched, mapped and stored by the real
// `ritualbot sync` with the source's spacing lowered to 0. Prints one line:
//   connector tickets N pages P seconds S tickets_per_s R peak_rss_mb M cpu_seconds C
// (C: the sync process's own CPU time; the rest of S is the fake's and the machine's share.)
// Usage: ritualbot_connector_bench RITUALBOT_BINARY WORK_DIR [TICKETS]

#include "fake_helpdesk.hpp"

#include "commands/ticket_data/iso_time.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

extern char** environ;

namespace {

using ritualbot::commands::format_iso8601_utc;

constexpr std::int64_t kMsPerMinute = 60'000;
constexpr int kPageSize = 1000;

// Runs `binary args…` with `env`; returns its exit code and (through rusage) its peak RSS.
int run(const std::string& binary, std::vector<std::string> args,
        const std::map<std::string, std::string>& env, rusage& usage, const std::string& log) {
    args.insert(args.begin(), binary);
    std::vector<std::string> env_strings;
    for (const auto& [key, value] : env) env_strings.push_back(key + "=" + value);
    std::vector<char*> argv, envp;
    for (auto& a : args) argv.push_back(a.data());
    for (auto& e : env_strings) envp.push_back(e.data());
    argv.push_back(nullptr);
    envp.push_back(nullptr);
    posix_spawn_file_actions_t files;
    posix_spawn_file_actions_init(&files);
    posix_spawn_file_actions_addopen(&files, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&files, 1, 2);
    pid_t pid = 0;
    if (posix_spawn(&pid, binary.c_str(), &files, nullptr, argv.data(), envp.data()) != 0) {
        std::perror("posix_spawn");
        std::exit(1);
    }
    posix_spawn_file_actions_destroy(&files);
    int status = 0;
    wait4(pid, &status, 0, &usage);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// One ticket and its metric set in the export's shape, created within the last 60 days.
void put_ticket(ritualbot::testing::FakeHelpdesk& helpdesk, std::int64_t id, std::int64_t now_ms) {
    const std::int64_t created = now_ms - (id % 86'400) * kMsPerMinute;
    const std::int64_t reply_minutes = 5 + id % 240;
    const std::int64_t solved = created + (60 + id % 2000) * kMsPerMinute;
    const std::string ids = std::to_string(id);
    const std::string ticket =
        R"({"id":)" + ids + R"(,"created_at":")" + format_iso8601_utc(created) +
        R"(","updated_at":")" + format_iso8601_utc(solved) + R"(","generated_timestamp":)" +
        std::to_string(solved / 1000) +
        R"(,"type":"question","subject":"Bench ticket","priority":"normal","status":"solved",)"
        R"("requester_id":)" +
        std::to_string(700000 + id % 5000) + R"(,"assignee_id":)" + std::to_string(900 + id % 12) +
        R"(,"group_id":1,"tags":["rt_)" + (id % 3 == 0 ? "billing" : "access") +
        R"(","bench"],"custom_fields":[{"id":360001,"value":"x"}],)"
        R"("satisfaction_rating":{"score":")" +
        (id % 7 == 0 ? "bad" : "good") +
        R"("},"via":{"channel":"email","source":{"from":{},"to":{},"rel":null}}})";
    const std::string metric_set =
        R"({"id":)" + ids + R"(,"ticket_id":)" + ids + R"(,"group_stations":)" +
        (id % 11 == 0 ? "2" : "1") + R"(,"assignee_stations":1,"reopens":)" +
        std::to_string(id % 13 == 0) + R"(,"replies":2,"solved_at":")" +
        format_iso8601_utc(solved) + R"(","reply_time_in_minutes":{"calendar":)" +
        std::to_string(reply_minutes) + R"(,"business":)" + std::to_string(reply_minutes) + "}}";
    helpdesk.zendesk_put_text(id, solved / 1000, ticket, metric_set);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: %s RITUALBOT_BINARY WORK_DIR [TICKETS]\n", argv[0]);
        return 64;
    }
    const std::string binary = argv[1];
    const std::string dir = argv[2];
    const int tickets = argc > 3 ? std::atoi(argv[3]) : 100'000;

    ritualbot::testing::FakeHelpdesk helpdesk;
    helpdesk.set_zendesk_page_cap(kPageSize);
    const std::int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                    std::chrono::system_clock::now().time_since_epoch())
                                    .count() -
                                2 * 60 * kMsPerMinute;
    for (int id = 1; id <= tickets; ++id) put_ticket(helpdesk, id, now_ms);

    const std::map<std::string, std::string> env = {{"RITUALBOT_DB", dir + "/connector.db"},
                                                    {"RITUALBOT_CA_FILE", helpdesk.ca_file()},
                                                    {"RITUALBOT_ZENDESK_EMAIL", "bench@acme.test"},
                                                    {"RITUALBOT_ZENDESK_TOKEN", "bench-token"},
                                                    {"PATH", "/usr/bin:/bin"}};
    rusage usage{};
    const std::string log = dir + "/connector.log";
    if (run(binary, {"source", "add", "--channel", "CBENCH", "zendesk", helpdesk.base_url()}, env,
            usage, log) != 0 ||
        run(binary, {"source", "set", "--channel", "CBENCH", "zendesk", "spacing", "0"}, env, usage,
            log) != 0) {
        std::fprintf(stderr, "adding the source failed; see %s\n", log.c_str());
        return 1;
    }
    const auto start = std::chrono::steady_clock::now();
    const int code = run(binary, {"sync", "--channel", "CBENCH"}, env, usage, log);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (code != 0) {
        std::fprintf(stderr, "ritualbot sync exited %d; see %s\n", code, log.c_str());
        return 1;
    }
    const double cpu = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                       static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
    std::printf(
        "connector tickets %d pages %zu seconds %.2f tickets_per_s %.0f peak_rss_mb %.1f "
        "cpu_seconds %.2f\n",
        tickets, helpdesk.requests().size(), seconds, tickets / seconds,
        static_cast<double>(usage.ru_maxrss) / 1024.0, cpu);
    return 0;
}
