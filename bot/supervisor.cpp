#include "bot/supervisor.hpp"

#include "bot/runtime/log.hpp"
#include "bot/runtime/metrics.hpp"
#include "bot/slack/reconnect_policy.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <list>
#include <random>
#include <stdexcept>

namespace ritualbot::bot {

namespace asio = boost::asio;
using std::chrono::milliseconds;

struct Supervisor::State {
    explicit State(asio::any_io_executor ex) : executor(std::move(ex)) {}

    struct Entry {
        TaskStatus status;
        std::unique_ptr<asio::steady_timer> timer;  // the wait before a restart
    };

    asio::any_io_executor executor;
    std::list<Entry> entries;  // stable addresses: a running supervise() holds its Entry
    std::mt19937 random{std::random_device{}()};
    bool stopping = false;
};

namespace {

asio::awaitable<void> supervise(std::shared_ptr<Supervisor::State> state,
                                Supervisor::State::Entry* entry, Supervisor::Task task) {
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    slack::Backoff backoff(Supervisor::kFirstRestart, Supervisor::kMaxRestart,
                           [&state, unit]() mutable { return unit(state->random); });
    while (!state->stopping) {
        const auto started = std::chrono::steady_clock::now();
        std::string error;
        try {
            co_await task();
            co_return;  // finished: it was stopped
        } catch (const std::exception& e) {
            error = e.what();
        } catch (...) {
            error = "unknown exception";
        }
        if (state->stopping) co_return;
        if (std::chrono::steady_clock::now() - started >= Supervisor::kHealthyAfter)
            backoff.reset();
        const milliseconds wait = backoff.next();
        ++entry->status.restarts;
        entry->status.last_error = error;
        metrics().add("ritualbot_task_restarts_total", {{"task", entry->status.name}});
        log::error("task.failed", {{"task", entry->status.name},
                                   {"error", error},
                                   {"restarts", std::to_string(entry->status.restarts)},
                                   {"next", "restarting it in " + std::to_string(wait.count()) +
                                                " ms; the rest of the bot goes on"}});
        entry->timer->expires_after(wait);
        co_await entry->timer->async_wait(asio::as_tuple(asio::use_awaitable));
    }
}

}  // namespace

Supervisor::Supervisor(asio::any_io_executor executor)
    : state_(std::make_shared<State>(std::move(executor))) {}

Supervisor::~Supervisor() = default;

void Supervisor::spawn(std::string name, Task task) {
    State::Entry& entry = state_->entries.emplace_back();
    entry.status.name = std::move(name);
    entry.timer = std::make_unique<asio::steady_timer>(state_->executor);
    asio::co_spawn(state_->executor, supervise(state_, &entry, std::move(task)), asio::detached);
}

void Supervisor::note_error(const std::string& task, std::string error) {
    for (State::Entry& entry : state_->entries) {
        if (entry.status.name == task) entry.status.last_error = std::move(error);
    }
}

void Supervisor::stop() {
    state_->stopping = true;
    for (State::Entry& entry : state_->entries) entry.timer->cancel();
}

std::vector<TaskStatus> Supervisor::status() const {
    std::vector<TaskStatus> out;
    for (const State::Entry& entry : state_->entries) out.push_back(entry.status);
    return out;
}

std::string task_lines(const std::vector<TaskStatus>& tasks) {
    std::string out;
    for (const TaskStatus& task : tasks) {
        out += "task " + task.name + ": " + std::to_string(task.restarts) +
               (task.restarts == 1 ? " restart" : " restarts");
        if (!task.last_error.empty()) out += "; last error: " + task.last_error;
        out += "\n";
    }
    return out;
}

asio::awaitable<void> failing_test_task(std::string message) {
    co_await asio::this_coro::executor;  // a coroutine, failing as soon as it runs
    throw std::runtime_error(message);
}

}  // namespace ritualbot::bot
