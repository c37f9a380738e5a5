#pragma once
// A benchmark's client under test, run as a child process (bench/socket_bench.cpp,
// bench/lean_bench.cpp) in a scratch directory of its own, and what /proc says about it.

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace ritualbot::bench {

// A fresh directory under /tmp for one run (certificates, database, logs), removed with
// everything in it on destruction.
class ScratchDir {
public:
    explicit ScratchDir(const std::string& name)
        : path_(std::filesystem::temp_directory_path() /
                (name + '-' + std::to_string(::getpid()))) {
        std::filesystem::create_directories(path_);
    }
    ~ScratchDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;

    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

// A child process with exactly this environment; stdout and stderr go to `log_file`.
class Child {
public:
    Child(const std::string& binary, std::vector<std::string> args,
          const std::map<std::string, std::string>& environment, const std::string& log_file) {
        std::vector<std::string> env_strings;
        for (const auto& [key, value] : environment) env_strings.push_back(key + "=" + value);
        args.insert(args.begin(), binary);
        pid_ = ::fork();
        if (pid_ < 0) throw std::runtime_error("fork failed");
        if (pid_ == 0) {
            const int fd = ::open(log_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            if (fd >= 0) {
                ::dup2(fd, 1);
                ::dup2(fd, 2);
            }
            std::vector<char*> argv, envp;
            for (auto& a : args) argv.push_back(a.data());
            for (auto& e : env_strings) envp.push_back(e.data());
            argv.push_back(nullptr);
            envp.push_back(nullptr);
            ::execve(binary.c_str(), argv.data(), envp.data());
            std::perror("execve");
            ::_exit(127);
        }
    }
    ~Child() { stop(); }
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;

    pid_t pid() const { return pid_; }

    void stop() {
        if (pid_ <= 0) return;
        ::kill(pid_, SIGTERM);
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
        while (std::chrono::steady_clock::now() < deadline) {
            if (::waitpid(pid_, nullptr, WNOHANG) == pid_) {
                pid_ = -1;
                return;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, nullptr, 0);
        pid_ = -1;
    }

private:
    pid_t pid_ = -1;
};

// A field of /proc/PID/status in KiB ("VmRSS", "VmHWM"); 0 if absent.
inline long status_kib(pid_t pid, const std::string& field) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind(field + ":", 0) == 0) return std::atol(line.c_str() + field.size() + 1);
    }
    return 0;
}

// Where a process's resident memory lies, in KiB, from /proc/PID/smaps: "binary" (the
// executable's own mappings), "libcrypto", "libssl", "libstdc++", "libsqlite3", "libc",
// "other libraries" (every other file mapping), and "anonymous" (heap, stack and anonymous
// mappings: the process's own memory, SQLite's page cache included).
inline std::map<std::string, long> rss_breakdown_kib(pid_t pid) {
    const std::string proc = "/proc/" + std::to_string(pid);
    std::error_code ec;
    const std::string executable = std::filesystem::read_symlink(proc + "/exe", ec).string();
    std::ifstream smaps(proc + "/smaps");
    std::map<std::string, long> parts;
    std::string line, part = "anonymous";
    while (std::getline(smaps, line)) {
        std::istringstream fields(line);
        std::string first;
        fields >> first;
        if (first == "Rss:") {
            long kib = 0;
            fields >> kib;
            parts[part] += kib;
            continue;
        }
        if (first.find('-') == std::string::npos || first.back() == ':') continue;
        std::string perms, offset, device, inode, path;
        fields >> perms >> offset >> device >> inode;
        std::getline(fields >> std::ws, path);
        const auto named = [&](const char* library) {
            return path.find(std::string("/") + library) != std::string::npos;
        };
        if (path.empty() || path[0] == '[')
            part = "anonymous";
        else if (path == executable)
            part = "binary";
        else if (named("libcrypto.so"))
            part = "libcrypto";
        else if (named("libssl.so"))
            part = "libssl";
        else if (named("libstdc++.so"))
            part = "libstdc++";
        else if (named("libsqlite3.so"))
            part = "libsqlite3";
        else if (named("libc.so"))
            part = "libc";
        else
            part = "other libraries";
    }
    return parts;
}

// CPU time the process has used so far, all its threads, user plus system (/proc/PID/stat
// utime + stime, in clock ticks of 1/sysconf(_SC_CLK_TCK) s), in milliseconds; -1 if gone.
inline double cpu_ms(pid_t pid) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    const std::size_t after_name = text.rfind(')');  // the name may hold spaces
    if (after_name == std::string::npos) return -1;
    std::istringstream fields(text.substr(after_name + 2));
    std::string field;
    for (int i = 3; i < 14; ++i) fields >> field;  // state ... cmajflt: fields 3 to 13
    long long utime = 0, stime = 0;
    fields >> utime >> stime;
    return 1000.0 * static_cast<double>(utime + stime) /
           static_cast<double>(::sysconf(_SC_CLK_TCK));
}

}  // namespace ritualbot::bench
