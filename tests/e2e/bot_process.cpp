#include "bot_process.hpp"

#include <fcntl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace ritualbot::testing {
namespace {

void close_inherited_fds() {
    // Asio does not open sockets with SOCK_CLOEXEC: without this the bot would inherit the
    // fake Slack's listening socket and keep its port alive after the fake is gone.
#ifdef SYS_close_range
    if (syscall(SYS_close_range, 3U, ~0U, 0U) == 0) return;
#endif
    const long max_fd = sysconf(_SC_OPEN_MAX);
    for (long fd = 3; fd < (max_fd > 0 && max_fd < 65536 ? max_fd : 65536); ++fd)
        close(static_cast<int>(fd));
}

}  // namespace

BotProcess::BotProcess(std::string binary, std::vector<std::string> args,
                       std::map<std::string, std::string> env, std::string log_file)
    : binary_(std::move(binary)), log_file_(std::move(log_file)) {
    for (const char* inherited : {"PATH", "HOME"}) {
        if (env.count(inherited) == 0) {
            const char* value = std::getenv(inherited);
            env[inherited] = value != nullptr ? value : "";
        }
    }
    if (env.count("TZ") == 0) env["TZ"] = "UTC";
    // The CTest registration that runs the suite again with the database thread forced on.
    if (const char* forced = std::getenv("RITUALBOT_TEST_DATABASE_THREAD");
        forced != nullptr && env.count("RITUALBOT_TEST_DATABASE_THREAD") == 0) {
        env["RITUALBOT_TEST_DATABASE_THREAD"] = forced;
    }

    // Everything the child needs is built before fork: only async-signal-safe calls after it.
    std::vector<std::string> env_strings;
    for (const auto& [key, value] : env) env_strings.push_back(key + "=" + value);
    std::vector<char*> envp;
    for (auto& s : env_strings) envp.push_back(s.data());
    envp.push_back(nullptr);
    std::vector<char*> argv;
    argv.push_back(binary_.data());
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);

    const int log_fd =
        ::open(log_file_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0644);
    if (log_fd < 0)
        throw std::runtime_error("BotProcess: cannot open log " + log_file_ + ": " +
                                 std::strerror(errno));

    const pid_t pid = fork();
    if (pid < 0) {
        const int err = errno;
        ::close(log_fd);
        throw std::runtime_error(std::string("BotProcess: fork failed: ") + std::strerror(err));
    }
    if (pid == 0) {
        const int null_fd = ::open("/dev/null", O_RDONLY);
        if (null_fd >= 0) dup2(null_fd, 0);
        dup2(log_fd, 1);
        dup2(log_fd, 2);
        close_inherited_fds();
        execve(argv[0], argv.data(), envp.data());
        const char* msg = "BotProcess: execve failed: ";
        [[maybe_unused]] auto w1 = write(2, msg, std::strlen(msg));
        const char* reason = std::strerror(errno);
        [[maybe_unused]] auto w2 = write(2, reason, std::strlen(reason));
        [[maybe_unused]] auto w3 = write(2, "\n", 1);
        _exit(127);
    }
    ::close(log_fd);
    pid_ = pid;
}

BotProcess::~BotProcess() {
    if (pid_ > 0 && !exited_) kill_now();
}

bool BotProcess::reap(bool block) {
    if (exited_) return true;
    if (pid_ <= 0) return false;
    int status = 0;
    pid_t r;
    do {
        r = waitpid(pid_, &status, block ? 0 : WNOHANG);
    } while (r < 0 && errno == EINTR);
    if (r == pid_) {
        exited_ = true;
        if (WIFEXITED(status))
            exit_code_ = WEXITSTATUS(status);
        else if (WIFSIGNALED(status))
            exit_code_ = 128 + WTERMSIG(status);
        return true;
    }
    if (r < 0) {  // ECHILD: someone else reaped it; treat as gone
        exited_ = true;
        return true;
    }
    return false;
}

bool BotProcess::running() {
    return pid_ > 0 && !reap(false);
}

bool BotProcess::wait_for_exit(std::chrono::milliseconds timeout, int* exit_code) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!reap(false)) {
        if (std::chrono::steady_clock::now() >= deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (exit_code != nullptr) *exit_code = exit_code_;
    return true;
}

void BotProcess::terminate() {
    if (pid_ <= 0 || reap(false)) return;
    ::kill(pid_, SIGTERM);
    if (!wait_for_exit(std::chrono::seconds(3))) kill_now();
}

void BotProcess::kill_now() {
    if (pid_ <= 0 || reap(false)) return;
    ::kill(pid_, SIGKILL);
    reap(true);
}

std::string BotProcess::log() const {
    std::ifstream in(log_file_, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

bool BotProcess::wait_for_log(const std::string& needle, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        const bool gone = !running();
        if (log().find(needle) != std::string::npos) return true;
        if (gone || std::chrono::steady_clock::now() >= deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

std::string make_temp_dir(const std::string& prefix) {
    std::string pattern = (std::filesystem::temp_directory_path() / (prefix + "XXXXXX")).string();
    if (mkdtemp(pattern.data()) == nullptr)
        throw std::runtime_error("make_temp_dir(" + pattern + "): " + std::strerror(errno));
    return pattern;
}

void remove_tree(const std::string& path) {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
}

}  // namespace ritualbot::testing
