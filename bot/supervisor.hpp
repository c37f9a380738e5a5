#pragma once
// Runs the bot's long-lived tasks (the outbox sender, the scheduler timer, the HTTP listener,
// maintenance, ...) so that none of them can stop the bot: an exception escaping a task is
// logged once with its context (which task, the error, what happens next) and the task starts
// again after a backoff (1 s doubling to 60 s; reset once it ran a minute without failing).
// A task that returns has finished (it was stopped). The process exits only where the bot
// decides to (a rejected token, link_disabled, an unusable database at start), never here.
// Each task's restarts and last error are kept for /readyz and counted in /metrics as
// ritualbot_task_restarts_total{task}. Runs on the io thread; not thread-safe.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace ritualbot::bot {

struct TaskStatus {
    std::string name;
    int restarts = 0;
    std::string last_error;  // empty until it failed once
};

class Supervisor {
public:
    using Task = std::function<boost::asio::awaitable<void>()>;

    explicit Supervisor(boost::asio::any_io_executor executor);
    ~Supervisor();

    void spawn(std::string name, Task task);
    // A failure the task survived by itself (a worker job that threw; the worker went on):
    // shown as the task's last error, not counted as a restart.
    void note_error(const std::string& task, std::string error);
    void stop();  // no more restarts; a task waiting to restart does not
    std::vector<TaskStatus> status() const;

    static constexpr std::chrono::seconds kFirstRestart{1};
    static constexpr std::chrono::seconds kMaxRestart{60};
    static constexpr std::chrono::seconds kHealthyAfter{60};

    struct State;

private:
    std::shared_ptr<State> state_;
};

// For /readyz: "task outbox_sender: 0 restarts", one line per task, with the last error if any.
std::string task_lines(const std::vector<TaskStatus>& tasks);

// RITUALBOT_TEST_FAILING_TASK: a task that throws every time it runs, so a test can watch the
// supervisor restart it with backoff and report it (never set outside tests).
boost::asio::awaitable<void> failing_test_task(std::string message);

}  // namespace ritualbot::bot
