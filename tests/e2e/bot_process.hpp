#pragma once
// A child process for end-to-end tests: the real bot binary started with fork/execve, a
// controlled environment and its stdout+stderr captured in a log file. Every wait is bounded.
// One BotProcess is used from one thread (the test thread); the destructor SIGKILLs and reaps
// a child that is still running, so a failing test never leaves a bot behind.

#include <sys/types.h>
#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace ritualbot::testing {

class BotProcess {
public:
    // Starts `binary` with `args` (argv[0] is added). The child's environment is exactly `env`
    // plus PATH and HOME (copied from this process unless `env` sets them) and TZ=UTC (unless
    // set). stdout and stderr are truncated-then-appended to `log_file`. All file descriptors
    // other than 0..2 are closed in the child. Throws std::runtime_error if fork or opening the
    // log fails; an exec failure shows up as exit code 127 with the reason in the log.
    BotProcess(std::string binary, std::vector<std::string> args,
               std::map<std::string, std::string> env, std::string log_file);
    ~BotProcess();
    BotProcess(const BotProcess&) = delete;
    BotProcess& operator=(const BotProcess&) = delete;

    pid_t pid() const { return pid_; }
    bool running();

    // Waits until the child exits or the timeout passes. On exit stores the exit status in
    // *exit_code (128 + signal number if killed by a signal) and returns true.
    bool wait_for_exit(std::chrono::milliseconds timeout, int* exit_code = nullptr);
    void terminate();  // SIGTERM, then SIGKILL after 3 s; reaps
    void kill_now();   // SIGKILL; reaps

    std::string log() const;  // the whole log file so far
    const std::string& log_file() const { return log_file_; }
    // Polls the log every 20 ms; false on timeout or if the child exited without printing it.
    bool wait_for_log(const std::string& needle, std::chrono::milliseconds timeout);

private:
    bool reap(bool block);

    std::string binary_;
    std::string log_file_;
    pid_t pid_ = -1;
    bool exited_ = false;
    int exit_code_ = -1;
};

// mkdtemp under the system temp directory: "<tmp>/<prefix>XXXXXX". Throws on failure.
std::string make_temp_dir(const std::string& prefix);
// Recursive remove; errors are ignored (a test's cleanup must not throw).
void remove_tree(const std::string& path);

}  // namespace ritualbot::testing
